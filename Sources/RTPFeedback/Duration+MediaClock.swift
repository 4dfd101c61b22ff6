/// Conversions between `Duration` and the clocks RTP and RTCP count in.
extension Duration {
    /// This duration in ticks of a `clockRate` Hz clock, rounded down (90 kHz video, 48 kHz
    /// Opus). Negative durations give negative ticks.
    func ticks(clockRate: Int) -> Int64 {
        let (seconds, attoseconds) = components
        return seconds * Int64(clockRate) + (attoseconds / 1_000_000_000) * Int64(clockRate) / 1_000_000_000
    }

    /// A duration given in 1/65536 s, the unit of DLSR (RFC 3550 §6.4.1).
    static func compactNTPUnits(_ units: UInt32) -> Duration {
        .nanoseconds(Int64(units) * 1_000_000_000 / 65536)
    }

    /// Seconds as a floating-point number, for rate arithmetic.
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    /// The 64-bit NTP timestamp (RFC 5905 §6: seconds since 1900 in the high word, binary
    /// fraction in the low word) of the instant this duration after the Unix epoch.
    var ntpTimestamp: UInt64 {
        let (seconds, attoseconds) = components
        let ntpSeconds = UInt64(truncatingIfNeeded: seconds + 2_208_988_800) & 0xFFFF_FFFF
        let nanoseconds = UInt64(max(0, attoseconds / 1_000_000_000))
        return ntpSeconds << 32 | (nanoseconds << 32) / 1_000_000_000
    }
}
