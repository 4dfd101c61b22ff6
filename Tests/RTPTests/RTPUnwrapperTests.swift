import Testing
import RTP

@Suite("Sequence number and timestamp wrap-around (RFC 3550 A.1, RFC 1982)")
struct RTPUnwrapperTests {
    static let sequenceCases: [([UInt16], [Int64])] = [
        ([1, 2, 3], [1, 2, 3]),
        ([65534, 65535, 0, 1], [65534, 65535, 65536, 65537]),
        ([65535, 0, 65535, 1], [65535, 65536, 65535, 65537]),  // late packet before the wrap
        ([0, 65535, 65534, 0], [0, -1, -2, 0]),  // backwards across zero
        ([0, 32768, 0], [0, 32768, 65536]),  // exactly half the range counts as forward
        ([10, 60000, 10], [10, -5536, 10]),  // 60000 is closer backwards
    ]

    @Test("16-bit sequence numbers extend to 64 bits", arguments: sequenceCases)
    func sequenceNumbers(input: [UInt16], expected: [Int64]) {
        var unwrapper = RTPSequenceNumberUnwrapper()
        #expect(input.map { unwrapper.unwrap($0) } == expected)
        #expect(unwrapper.highest == expected.max())
    }

    @Test("Extended highest sequence number for report blocks counts cycles in the high 16 bits")
    func extendedHighest() {
        var unwrapper = RTPSequenceNumberUnwrapper()
        for step in 0..<(3 * 65536 + 10) where step % 1000 == 0 || step > 3 * 65536 {
            _ = unwrapper.unwrap(UInt16(truncatingIfNeeded: step))
        }
        #expect(unwrapper.extendedHighest32 == UInt32(3) << 16 | 9)
    }

    static let timestampCases: [([UInt32], [Int64])] = [
        ([4_294_967_000, 200, 1_000], [4_294_967_000, 4_294_967_496, 4_294_968_296]),
        ([3000, 0, 4_294_964_296], [3000, 0, -3000]),
    ]

    @Test("32-bit timestamps extend to 64 bits", arguments: timestampCases)
    func timestamps(input: [UInt32], expected: [Int64]) {
        var unwrapper = RTPTimestampUnwrapper()
        #expect(input.map { unwrapper.unwrap($0) } == expected)
    }

    @Test("Serial-number comparison across the wrap", arguments: [
        (UInt16(0), UInt16(65535), true), (65535, 0, false), (1, 1, false), (32767, 0, true), (40000, 0, false),
    ])
    func newer(a: UInt16, b: UInt16, aIsNewer: Bool) {
        #expect(RTPSequenceNumberUnwrapper.isNewer(a, than: b) == aIsNewer)
    }
}
