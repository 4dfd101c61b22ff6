import H264
import Media
import Testing
import TestSupport

@Suite("H264Decoder over OpenH264")
struct CodecH264DecoderTests {
    static func encodedStream(frames: Int, keyframeAt: Set<Int> = []) throws -> [EncodedVideoFrame] {
        let encoder = try H264Encoder(configuration: H264EncoderConfiguration(width: 640, height: 480, targetBitrate: 800_000))
        var source = TestPatternSource(width: 640, height: 480, framesPerSecond: 30, startTime: .zero)
        var units: [EncodedVideoFrame] = []
        for index in 0..<frames {
            if keyframeAt.contains(index) { encoder.requestKeyframe() }
            units += try codecEncode(1, from: &source, with: encoder)
        }
        return units
    }

    @Test("a P-frame without its IDR is reported as needing a keyframe, not decoded")
    func pFrameWithoutIDR() throws {
        let units = try Self.encodedStream(frames: 3)
        let decoder = try H264Decoder()
        var picture = VideoFrame(width: 640, height: 480)
        do {
            let produced = try decoder.decode(units[2], into: &picture)
            Issue.record("a lone P-frame decoded (picture: \(produced))")
        } catch {
            #expect(error.needsKeyframe, "got \(error)")
        }
    }

    @Test("a lost P-frame is reported as a missing reference; the next IDR recovers with the right picture")
    func lostFrameThenRecovery() throws {
        let units = try Self.encodedStream(frames: 12, keyframeAt: [8])
        #expect(units[8].isKeyframe)
        let decoder = try H264Decoder()
        let reader = TestPatternFrameIndexReader()
        var picture = VideoFrame(width: 640, height: 480)
        for unit in units[0...2] { #expect(try decoder.decode(unit, into: &picture)) }
        // units[3] is lost on the way.
        var errors: [H264DecoderError] = []
        for unit in units[4...7] {
            do {
                if try decoder.decode(unit, into: &picture) {
                    Issue.record("frame \(unit.sequenceNumber) decoded on a missing reference")
                }
            } catch {
                errors.append(error)
            }
        }
        #expect(errors.first == .missingReference, "errors: \(errors)")
        #expect(errors.allSatisfy { $0.needsKeyframe })
        #expect(reader.frameIndex(in: picture) == 2, "the last good picture stays in place")
        for unit in units[8...11] {
            #expect(try decoder.decode(unit, into: &picture))
            #expect(reader.frameIndex(in: picture) == UInt32(unit.sequenceNumber))
        }
    }

    @Test("a new picture size at an IDR resizes the output picture; the index still reads back")
    func resolutionChange() throws {
        let decoder = try H264Decoder()
        let reader = TestPatternFrameIndexReader()
        var picture = VideoFrame(width: 640, height: 480)
        for (width, height) in [(640, 480), (320, 240), (1280, 720)] {
            let encoder = try H264Encoder(configuration: H264EncoderConfiguration(width: width, height: height))
            var source = TestPatternSource(width: width, height: height, framesPerSecond: 30, startTime: .zero)
            for unit in try codecEncode(3, from: &source, with: encoder) {
                #expect(try decoder.decode(unit, into: &picture))
                #expect(picture.width == width && picture.height == height)
                #expect(reader.frameIndex(in: picture) == UInt32(unit.sequenceNumber))
            }
        }
    }

    @Test("an empty access unit is refused with emptyAccessUnit")
    func emptyAccessUnit() throws {
        let decoder = try H264Decoder()
        let empty = EncodedVideoFrame(annexB: [], isKeyframe: false, width: 640, height: 480, timestamp: .zero, sequenceNumber: 0)
        #expect(throws: H264DecoderError.emptyAccessUnit) { _ = try decoder.decode(empty) }
    }

    @Test("garbage, truncated and bit-flipped access units never crash; the same decoder then decodes a clean IDR",
          arguments: [0, 1, 2, 3])
    func damagedInput(seed: UInt64) throws {
        let units = try Self.encodedStream(frames: 2)
        var generator = SeededGenerator(seed: seed)
        let decoder = try H264Decoder()
        var damaged = units[0]
        switch seed {
        case 0: damaged.annexB = (0..<4000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        case 1: damaged.annexB = [0, 0, 0, 1] + (0..<4000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        case 2: damaged.annexB = Array(damaged.annexB.prefix(20))
        default:
            for _ in 0..<50 {
                let index = Int.random(in: 40..<damaged.annexB.count, using: &generator)
                damaged.annexB[index] = UInt8.random(in: 0...255, using: &generator)
            }
        }
        do {
            _ = try decoder.decode(damaged)
        } catch {
            #expect(error.needsKeyframe, "got \(error)")
        }
        let recovered = try #require(try decoder.decode(units[0]))
        #expect(TestPatternFrameIndexReader().frameIndex(in: recovered) == 0)
    }

    @Test("decode(into:) refills the same picture storage frame after frame")
    func pictureBufferReuse() throws {
        let units = try Self.encodedStream(frames: 10)
        let decoder = try H264Decoder()
        var picture = VideoFrame(width: 640, height: 480)
        let address = picture.storage.withUnsafeBufferPointer { $0.baseAddress }
        for unit in units {
            #expect(try decoder.decode(unit, into: &picture))
            #expect(picture.storage.withUnsafeBufferPointer { $0.baseAddress } == address)
        }
    }
}
