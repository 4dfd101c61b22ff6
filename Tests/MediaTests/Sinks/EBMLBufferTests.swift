import Testing
@testable import Media

@Suite("EBML encoding and codec private data")
struct EBMLBufferTests {
    @Test("RFC 8794 §4: VINT sizes, minimal width, the all-ones value left for 'unknown'", arguments: [
        (UInt64(0), [UInt8(0x80)]),
        (126, [0xFE]),
        (127, [0x40, 0x7F]),          // 0xFF would mean unknown
        (16_382, [0x7F, 0xFE]),
        (16_383, [0x20, 0x3F, 0xFF]),
        (1 << 20, [0x30, 0x00, 0x00]),
    ] as [(UInt64, [UInt8])])
    func sizeVINT(value: UInt64, expected: [UInt8]) {
        var buffer = EBMLBuffer()
        buffer.appendSize(value)
        #expect(buffer.bytes == expected)
    }

    @Test("A size written 8 bytes wide can be patched in place later")
    func fixedWidthSize() {
        var buffer = EBMLBuffer()
        buffer.appendSize(5, width: 8)
        #expect(buffer.bytes == [0x01, 0, 0, 0, 0, 0, 0, 0x05])
    }

    @Test("Elements: ID as stored, size, big-endian data")
    func elements() {
        var buffer = EBMLBuffer()
        buffer.appendUnsigned(MatroskaElementID.timestampScale, 1_000_000)
        #expect(buffer.bytes == [0x2A, 0xD7, 0xB1, 0x83, 0x0F, 0x42, 0x40])
        buffer = EBMLBuffer()
        buffer.appendFloat(MatroskaElementID.duration, 3000)
        #expect(buffer.bytes == [0x44, 0x89, 0x88, 0x40, 0xA7, 0x70, 0, 0, 0, 0, 0])
        buffer = EBMLBuffer()
        buffer.appendMaster(MatroskaElementID.video) { $0.appendUnsigned(MatroskaElementID.pixelWidth, 320) }
        #expect(buffer.bytes == [0xE0, 0x84, 0xB0, 0x82, 0x01, 0x40])
    }

    @Test("Void elements fill exactly the room reserved", arguments: [2, 11, 96, 128, 200])
    func voidSizes(total: Int) {
        var buffer = EBMLBuffer()
        buffer.appendVoid(totalSize: total)
        #expect(buffer.bytes.count == total)
        #expect(buffer.bytes.first == 0xEC)
    }

    @Test("ISO/IEC 14496-15 §5.3.3.1 avcC from a keyframe's SPS and PPS (4-byte NAL lengths)")
    func avcConfigurationRecord() throws {
        let keyframe = MatroskaWriterInputTests.sps + MatroskaWriterInputTests.pps + MatroskaWriterInputTests.idr
        let record = try AVCDecoderConfigurationRecord(keyframe: AnnexBNALUnits(validating: keyframe))
        #expect(record.bytes == [1, 0x42, 0xC0, 0x1E, 0xFF, 0xE1, 0, 7, 0x67, 0x42, 0xC0, 0x1E, 0xDA, 0x02, 0x80,
                                 1, 0, 4, 0x68, 0xCE, 0x3C, 0x80])
    }

    @Test("RFC 7845 §5.1 OpusHead, and CodecDelay as the pre-skip in nanoseconds")
    func opusHead() {
        let head = OpusIdentificationHeader(channelCount: 2, preSkip: 312)
        #expect(head.bytes == Array("OpusHead".utf8) + [1, 2, 0x38, 0x01, 0x80, 0xBB, 0, 0, 0, 0, 0])
        #expect(head.codecDelayNanoseconds == 6_500_000)
    }

    @Test("Annex B.1: units split at 3- and 4-byte start codes, trailing zeros left out", arguments: [
        ([UInt8]([0, 0, 0, 1, 9, 0xF0, 0, 0, 1, 0x67, 1, 2, 0, 0, 0, 0, 1, 0x65, 7]), [[UInt8]([9, 0xF0]), [0x67, 1, 2], [0x65, 7]]),
        ([0, 0, 1, 0x41, 0, 0, 3, 1], [[0x41, 0, 0, 3, 1]]),  // emulation prevention kept
        ([0, 0, 1], [[]]),
    ])
    func nalUnitSplit(stream: [UInt8], expected: [[UInt8]]) {
        let units = AnnexBNALUnits(unchecked: stream)
        #expect(units.map { Array(stream[$0]) } == expected)
    }
}
