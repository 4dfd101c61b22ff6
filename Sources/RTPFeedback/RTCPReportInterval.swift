/// The time between two RTCP reports of one sender: a nominal interval, varied randomly over
/// [0.5, 1.5] times itself as RFC 3550 §6.2 asks, so that participants who started together
/// do not stay synchronised and send their reports in bursts.
///
/// The randomness is a seeded SplitMix64 sequence: this module reads no clock and no entropy
/// source, so the caller seeds it (randomly in production, fixed in tests).
/// See https://www.rfc-editor.org/rfc/rfc3550#section-6.2
public struct RTCPReportInterval: Sendable {
    /// The interval the random factor is applied to.
    public var nominal: Duration
    /// false gives exactly `nominal` every time.
    public var isRandomized: Bool
    private var state: UInt64

    public init(nominal: Duration = .seconds(1), isRandomized: Bool = true, seed: UInt64 = 0x5EED) {
        self.nominal = nominal
        self.isRandomized = isRandomized
        self.state = seed
    }

    /// The next interval: `nominal × U(0.5, 1.5)`, or `nominal` when not randomised.
    public mutating func next() -> Duration {
        guard isRandomized else { return nominal }
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        let unit = Double(z >> 11) / Double(1 << 53)  // uniform in [0, 1)
        return nominal * (0.5 + unit)
    }
}
