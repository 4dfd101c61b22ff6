import RTCP

/// The loss-based half of Google Congestion Control (draft-ietf-rmcat-gcc-02 §6), fed with
/// the "fraction lost" of each receiver report about the stream:
///
/// - loss below 2 %: the path has room; increase by 8 % per second elapsed since the last
///   update, prorated (so the growth rate does not depend on how often reports arrive);
/// - loss 2–10 %: hold;
/// - loss above 10 %: decrease to `rate × (1 − 0.5 × loss)`, at most once per
///   `minimumDecreaseInterval` (the loss of one RR interval must not be punished twice when
///   reports come close together).
///
/// The result is clamped to `range`. Time is injected.
/// See https://datatracker.ietf.org/doc/html/draft-ietf-rmcat-gcc-02#section-6
public struct LossBasedBitrateEstimator: Sendable {
    /// Bits per second the estimate stays within.
    public var range: ClosedRange<Int>
    /// Relative increase per second of low-loss reports.
    public var increasePerSecond: Double = 0.08
    public var minimumDecreaseInterval: Duration = .milliseconds(300)
    /// The current estimate, bits per second.
    public private(set) var bitrate: Int
    private var lastUpdate: Duration?
    private var lastDecrease: Duration?

    public init(initialBitrate: Int, range: ClosedRange<Int>) {
        self.range = range
        self.bitrate = min(max(initialBitrate, range.lowerBound), range.upperBound)
    }

    /// Updates the estimate from one report's `fractionLost` (in 1/256) received at `now`.
    @discardableResult
    public mutating func receivedReport(fractionLost: UInt8, at now: Duration) -> Int {
        let loss = Double(fractionLost) / 256
        let elapsed = lastUpdate.map { min(max((now - $0).seconds, 0), 2) } ?? 0
        lastUpdate = now
        if loss < 0.02 {
            set(Double(bitrate) * (1 + increasePerSecond * elapsed))
        } else if loss > 0.1, lastDecrease.map({ now - $0 >= minimumDecreaseInterval }) ?? true {
            lastDecrease = now
            set(Double(bitrate) * (1 - 0.5 * loss))
        }
        return bitrate
    }

    /// Caps the estimate (when another limit, delay-based or REMB, is lower), so that after
    /// that limit lifts the estimate grows again from the rate actually in use.
    public mutating func limit(to ceiling: Int) {
        bitrate = max(min(bitrate, ceiling), range.lowerBound)
    }

    private mutating func set(_ value: Double) {
        bitrate = min(max(Int(value.rounded()), range.lowerBound), range.upperBound)
    }
}
