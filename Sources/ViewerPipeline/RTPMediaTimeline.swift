import Media
import RTP

/// Maps one stream's RTP timestamps to monotonic `MediaTime` for the outputs.
///
/// The first packet of a source anchors its RTP clock to the arrival time; later packets
/// keep their RTP spacing (unwrapped across the 32-bit wrap, RFC 3550 §5.1), so network
/// jitter does not shake the recording. A reconnect brings a new source with an unrelated
/// RTP clock: `startNewSource()` drops the anchor but keeps the last time handed out, and
/// the new anchor is never earlier than it, so recordings continue with a gap and never
/// step backwards.
struct RTPMediaTimeline: Sendable {
    let clockRate: Int
    private var unwrapper = RTPTimestampUnwrapper()
    private var anchor: (ticks: Int64, nanoseconds: Int64)?
    private(set) var lastNanoseconds: Int64?

    init(clockRate: Int) {
        self.clockRate = max(1, clockRate)
    }

    mutating func mediaTime(rtpTimestamp: UInt32, arrival: Duration) -> MediaTime {
        let ticks = unwrapper.unwrap(rtpTimestamp)
        if anchor == nil {
            var start = Int64(arrival.nonNegativeNanoseconds)
            if let last = lastNanoseconds, start <= last { start = last + 1_000_000 }
            anchor = (ticks, start)
        }
        guard let anchor else { return .zero }
        // Multiply in two steps so a long session (hours of 90 kHz ticks) cannot overflow.
        let elapsed = ticks - anchor.ticks
        let rate = Int64(clockRate)
        var nanoseconds = anchor.nanoseconds + elapsed / rate * 1_000_000_000 + elapsed % rate * 1_000_000_000 / rate
        if let last = lastNanoseconds, nanoseconds < last { nanoseconds = last }
        lastNanoseconds = nanoseconds
        return MediaTime(nanoseconds: UInt64(max(0, nanoseconds)))
    }

    /// A new sender (reconnect): a fresh RTP clock, times continuing after the last one.
    mutating func startNewSource() {
        unwrapper = RTPTimestampUnwrapper()
        anchor = nil
    }
}
