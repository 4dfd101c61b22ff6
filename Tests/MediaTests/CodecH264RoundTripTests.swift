import H264
import Media
import Testing

@Suite("H264 encode → decode round trip of the test pattern")
struct CodecH264RoundTripTests {
    static let minimumLumaPSNR = 40.0

    @Test("every picture comes back with luma PSNR above 40 dB and its frame index over 90 frames",
          arguments: [(1280, 720, 2_000_000), (640, 480, 1_000_000)])
    func roundTrip(width: Int, height: Int, bitrate: Int) throws {
        let encoder = try H264Encoder(configuration: H264EncoderConfiguration(
            width: width, height: height, framesPerSecond: 30, targetBitrate: bitrate))
        let decoder = try H264Decoder()
        let reader = TestPatternFrameIndexReader()
        var source = TestPatternSource(width: width, height: height, framesPerSecond: 30, startTime: MediaTime(nanoseconds: 5_000_000_000))
        var original = VideoFrame(width: width, height: height)
        var decoded = VideoFrame(width: width, height: height)
        var worstPSNR = Double.infinity
        for index in 0..<90 {
            source.nextFrame(into: &original)
            let unit = try #require(try encoder.encode(original))
            #expect(unit.isKeyframe == (index == 0))
            #expect(try decoder.decode(unit, into: &decoded), "frame \(index) produced no picture")
            #expect(decoded.width == width && decoded.height == height)
            #expect(reader.frameIndex(in: decoded) == UInt32(index), "frame \(index)")
            #expect(decoded.timestamp == original.timestamp)
            #expect(decoded.sequenceNumber == UInt64(index))
            let psnr = try #require(decoded.lumaPSNR(comparedTo: original))
            worstPSNR = min(worstPSNR, psnr)
        }
        #expect(worstPSNR > Self.minimumLumaPSNR, "worst luma PSNR \(worstPSNR) dB")
    }

    @Test("at starvation bitrates the picture degrades but every frame index still reads back",
          arguments: [(640, 480, 150_000), (320, 240, 60_000)])
    func indexSurvivesLowBitrate(width: Int, height: Int, bitrate: Int) throws {
        let encoder = try H264Encoder(configuration: H264EncoderConfiguration(
            width: width, height: height, framesPerSecond: 30, targetBitrate: bitrate))
        let decoder = try H264Decoder()
        let reader = TestPatternFrameIndexReader()
        var source = TestPatternSource(width: width, height: height, framesPerSecond: 30, startTime: .zero)
        var decoded = VideoFrame(width: width, height: height)
        var bytes = 0
        for unit in try codecEncode(90, from: &source, with: encoder) {
            bytes += unit.annexB.count
            #expect(try decoder.decode(unit, into: &decoded))
            #expect(reader.frameIndex(in: decoded) == UInt32(unit.sequenceNumber), "frame \(unit.sequenceNumber)")
        }
        #expect(bytes * 8 / 3 < bitrate * 2, "the encoder was really starved: \(bytes * 8 / 3) bit/s")
    }
}
