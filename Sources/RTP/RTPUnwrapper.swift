/// Turns wrapping RTP counters (16-bit sequence numbers, 32-bit timestamps) into a
/// monotonic 64-bit count.
///
/// Each new value is placed at the position closest to the previous one (serial number
/// arithmetic, RFC 1982), which is how RFC 3550 Appendix A.1 counts sequence-number cycles:
/// a jump forward of less than half the range is progress, a jump backward is a late or
/// reordered packet, and crossing zero in either direction moves the cycle count.
/// The highest value seen is kept for the "extended highest sequence number" of RFC 3550
/// §6.4.1 reception reports.
public struct RTPUnwrapper<Wrapped: FixedWidthInteger & UnsignedInteger & Sendable>: Sendable {
    private var last: Int64?
    /// The largest unwrapped value returned so far.
    public private(set) var highest: Int64?

    public init() {}

    /// Unwraps `value` relative to the previous call; the first value maps to itself.
    public mutating func unwrap(_ value: Wrapped) -> Int64 {
        guard let last else {
            let first = Int64(value)
            self.last = first
            highest = first
            return first
        }
        let unwrapped = last + Self.distance(from: Wrapped(truncatingIfNeeded: last), to: value)
        self.last = unwrapped
        highest = max(highest ?? unwrapped, unwrapped)
        return unwrapped
    }

    /// Unwraps `value` relative to the previous call without remembering it.
    public func peek(_ value: Wrapped) -> Int64 {
        guard let last else { return Int64(value) }
        return last + Self.distance(from: Wrapped(truncatingIfNeeded: last), to: value)
    }

    /// Signed shortest distance from `a` to `b` on the wrapping circle; exactly half the range
    /// counts as forward.
    public static func distance(from a: Wrapped, to b: Wrapped) -> Int64 {
        let forward = UInt64(b &- a)
        let half = UInt64(Wrapped.max) / 2 + 1
        return forward <= half ? Int64(forward) : Int64(forward) - Int64(UInt64(Wrapped.max) + 1)
    }

    /// True when `a` comes after `b` in serial-number order (RFC 1982 §3.2).
    public static func isNewer(_ a: Wrapped, than b: Wrapped) -> Bool {
        a != b && distance(from: b, to: a) > 0
    }
}

/// 16-bit RTP sequence numbers extended to 64 bits.
public typealias RTPSequenceNumberUnwrapper = RTPUnwrapper<UInt16>
/// 32-bit RTP timestamps extended to 64 bits.
public typealias RTPTimestampUnwrapper = RTPUnwrapper<UInt32>

extension RTPUnwrapper {
    /// The 32-bit "extended highest sequence number received" of an RFC 3550 §6.4.1 report
    /// block: cycle count in the high 16 bits, highest sequence number in the low 16.
    public var extendedHighest32: UInt32? {
        highest.map { UInt32(truncatingIfNeeded: $0) }
    }
}
