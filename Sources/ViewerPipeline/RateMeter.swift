/// Turns a growing counter into a per-second rate over windows of about one second, for
/// the live status line (fps, kbit/s). Allocation-free: two numbers per window.
struct RateMeter: Sendable {
    private var windowStart: Duration?
    private var countAtWindowStart: Int64 = 0
    /// Units per second over the last complete window.
    private(set) var perSecond: Double = 0
    static let window = Duration.seconds(1)

    mutating func update(total: Int64, at now: Duration) {
        guard let start = windowStart else {
            windowStart = now
            countAtWindowStart = total
            return
        }
        let elapsed = now - start
        guard elapsed >= Self.window else { return }
        perSecond = Double(total - countAtWindowStart) / elapsed.seconds
        windowStart = now
        countAtWindowStart = total
    }

    mutating func reset() {
        windowStart = nil
        perSecond = 0
    }
}
