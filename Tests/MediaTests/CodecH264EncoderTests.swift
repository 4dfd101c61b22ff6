import H264
import Media
import Testing

@Suite("H264Encoder over OpenH264")
struct CodecH264EncoderTests {
    static func makeEncoder(width: Int = 640, height: Int = 480, bitrate: Int = 1_000_000,
                            intraPeriodFrames: Int = 0) throws -> H264Encoder {
        try H264Encoder(configuration: H264EncoderConfiguration(width: width, height: height, framesPerSecond: 30,
                                                                targetBitrate: bitrate, intraPeriodFrames: intraPeriodFrames))
    }

    @Test("the first access unit is SPS, PPS, IDR; the rest are P-slices without parameter sets or SVC prefix NALs")
    func streamStructure() throws {
        let encoder = try Self.makeEncoder()
        var source = TestPatternSource(width: 640, height: 480, framesPerSecond: 30, startTime: .zero)
        let units = try codecEncode(30, from: &source, with: encoder)
        #expect(units.count == 30)
        #expect(codecNALTypes(in: units[0].annexB) == [CodecNALType.sequenceParameterSet, CodecNALType.pictureParameterSet,
                                                       CodecNALType.idrSlice])
        #expect(units[0].isKeyframe)
        for unit in units.dropFirst() {
            #expect(!unit.isKeyframe)
            #expect(codecNALTypes(in: unit.annexB) == [CodecNALType.nonIDRSlice])
        }
    }

    @Test("no B-slices: IDR pictures are I-slices, all others P-slices (slice_type, H.264 §7.4.3)")
    func noBSlices() throws {
        let encoder = try Self.makeEncoder(intraPeriodFrames: 20)
        var source = TestPatternSource(width: 640, height: 480, framesPerSecond: 30, startTime: .zero)
        for unit in try codecEncode(45, from: &source, with: encoder) {
            let slices = codecNALUnits(in: unit.annexB).filter {
                [CodecNALType.idrSlice, CodecNALType.nonIDRSlice].contains($0.first.map { $0 & 0x1F })
            }
            #expect(slices.count == 1, "one slice per picture")
            let types = slices.map { codecSliceType(of: $0).map { $0 % 5 } }
            #expect(types.allSatisfy { $0 == (unit.isKeyframe ? 2 : 0) }, "frame \(unit.sequenceNumber): \(types)")
        }
    }

    @Test("the SPS declares constrained baseline (profile_idc 66, constraint_set1_flag), H.264 §A.2.1")
    func constrainedBaselineProfile() throws {
        let encoder = try Self.makeEncoder()
        var source = TestPatternSource(width: 640, height: 480, framesPerSecond: 30, startTime: .zero)
        let idr = try #require(try codecEncode(1, from: &source, with: encoder).first)
        let sps = try #require(codecNALUnits(in: idr.annexB).first { $0.first.map { $0 & 0x1F } == CodecNALType.sequenceParameterSet })
        let bytes = Array(sps)
        #expect(bytes.count > 4)
        #expect(bytes[1] == 66, "profile_idc")
        #expect(bytes[2] & 0x40 != 0, "constraint_set1_flag marks constrained baseline")
    }

    @Test("timestamps and sequence numbers pass through unchanged, one access unit per picture")
    func timestampsPreserved() throws {
        let encoder = try Self.makeEncoder()
        var source = TestPatternSource(width: 640, height: 480, framesPerSecond: 30, startTime: MediaTime(nanoseconds: 123_000_000_000))
        let units = try codecEncode(10, from: &source, with: encoder)
        #expect(units.map(\.sequenceNumber) == Array(0..<10))
        #expect(units.map(\.timestamp) == (0..<10).map { source.presentationTime(ofFrame: $0) })
        #expect(units.allSatisfy { $0.width == 640 && $0.height == 480 })
    }

    @Test("requestKeyframe() makes the very next frame an IDR led by SPS and PPS", arguments: [1, 7, 29])
    func forcedKeyframe(requestedAt frame: Int) throws {
        let encoder = try Self.makeEncoder()
        var source = TestPatternSource(width: 640, height: 480, framesPerSecond: 30, startTime: .zero)
        let before = try codecEncode(frame, from: &source, with: encoder)
        encoder.requestKeyframe()
        let after = try codecEncode(5, from: &source, with: encoder)
        #expect(before.filter(\.isKeyframe).map(\.sequenceNumber) == [0])
        #expect(after[0].sequenceNumber == UInt64(frame))
        #expect(after[0].isKeyframe)
        #expect(Array(codecNALTypes(in: after[0].annexB).prefix(3)) == [CodecNALType.sequenceParameterSet,
                                                                       CodecNALType.pictureParameterSet,
                                                                       CodecNALType.idrSlice])
        #expect(after.dropFirst().allSatisfy { !$0.isKeyframe })
    }

    @Test("scene-change detection stays off: moving synthetic content gets no IDR beyond the first in 90 frames")
    func noSpuriousKeyframes() throws {
        let encoder = try Self.makeEncoder()
        var source = TestPatternSource(width: 640, height: 480, framesPerSecond: 30, startTime: .zero)
        let units = try codecEncode(90, from: &source, with: encoder)
        #expect(units.filter(\.isKeyframe).map(\.sequenceNumber) == [0])
    }

    @Test("an intra period of 30 frames puts an IDR with SPS/PPS on frames 0, 30 and 60")
    func intraPeriod() throws {
        let encoder = try Self.makeEncoder(intraPeriodFrames: 30)
        var source = TestPatternSource(width: 640, height: 480, framesPerSecond: 30, startTime: .zero)
        let units = try codecEncode(75, from: &source, with: encoder)
        let keyframes = units.filter(\.isKeyframe)
        #expect(keyframes.map(\.sequenceNumber) == [0, 30, 60])
        for keyframe in keyframes {
            #expect(Array(codecNALTypes(in: keyframe.annexB).prefix(2)) == [CodecNALType.sequenceParameterSet,
                                                                           CodecNALType.pictureParameterSet])
        }
    }

    @Test("lowering the target bitrate from 1.2 Mbit/s to 300 kbit/s while running brings the output to 300 kbit/s within a second")
    func bitrateChange() throws {
        let encoder = try Self.makeEncoder(width: 640, height: 480, bitrate: 1_200_000)
        var source = TestPatternSource(width: 640, height: 480, framesPerSecond: 30, startTime: .zero)
        let high = try codecEncode(60, from: &source, with: encoder)
        try encoder.setTargetBitrate(300_000)
        let low = try codecEncode(60, from: &source, with: encoder)
        // Compare the settled second halves, in bits per second at 30 fps.
        let highRate = high.suffix(30).reduce(0) { $0 + $1.annexB.count } * 8
        let lowRate = low.suffix(30).reduce(0) { $0 + $1.annexB.count } * 8
        #expect(highRate > 800_000, "1.2 Mbit/s phase produced \(highRate) bit/s")
        #expect((200_000...400_000).contains(lowRate), "300 kbit/s phase produced \(lowRate) bit/s")
        #expect(low.allSatisfy { !$0.isKeyframe }, "a bitrate change must not cost an IDR")
    }

    @Test("halving the frame rate while running gives each frame about twice the bits")
    func frameRateChange() throws {
        let encoder = try Self.makeEncoder(width: 640, height: 480, bitrate: 600_000)
        var source = TestPatternSource(width: 640, height: 480, framesPerSecond: 30, startTime: .zero)
        let normal = try codecEncode(60, from: &source, with: encoder)
        try encoder.setFrameRate(15)
        let halved = try codecEncode(60, from: &source, with: encoder)
        let normalBytes = Double(normal.suffix(30).reduce(0) { $0 + $1.annexB.count })
        let halvedBytes = Double(halved.suffix(30).reduce(0) { $0 + $1.annexB.count })
        #expect(halvedBytes > 1.4 * normalBytes, "bytes per 30 frames: \(normalBytes) at 30 fps, \(halvedBytes) at 15 fps")
    }

    @Test("a picture of the wrong size is refused with frameSizeMismatch")
    func wrongSize() throws {
        let encoder = try Self.makeEncoder()
        #expect(throws: H264EncoderError.frameSizeMismatch(expectedWidth: 640, expectedHeight: 480, width: 320, height: 240)) {
            _ = try encoder.encode(VideoFrame(width: 320, height: 240))
        }
    }

    @Test("invalid settings are refused with the rule they break",
          arguments: [
            (H264EncoderConfiguration(width: 641, height: 480), H264EncoderError.dimensionsNotPositiveAndEven(width: 641, height: 480)),
            (H264EncoderConfiguration(width: 640, height: 480, framesPerSecond: 0), .frameRateOutOfRange(0)),
            (H264EncoderConfiguration(width: 640, height: 480, targetBitrate: 0), .bitrateOutOfRange(0)),
            (H264EncoderConfiguration(width: 640, height: 480, intraPeriodFrames: -1), .intraPeriodNegative(-1)),
          ])
    func invalidConfiguration(configuration: H264EncoderConfiguration, expected: H264EncoderError) {
        #expect(throws: expected) { _ = try H264Encoder(configuration: configuration) }
    }

    @Test("runtime controls validate their values")
    func invalidControls() throws {
        let encoder = try Self.makeEncoder()
        #expect(throws: H264EncoderError.bitrateOutOfRange(-5)) { try encoder.setTargetBitrate(-5) }
        #expect(throws: H264EncoderError.frameRateOutOfRange(240)) { try encoder.setFrameRate(240) }
    }

    @Test("one access unit handed to several consumers shares one byte buffer (fan-out costs no copy)")
    func fanOutSharesBytes() throws {
        let encoder = try Self.makeEncoder()
        var source = TestPatternSource(width: 640, height: 480, framesPerSecond: 30, startTime: .zero)
        let unit = try #require(try codecEncode(1, from: &source, with: encoder).first)
        let consumers: [EncodedVideoFrame] = [unit, unit, unit]
        let addresses = Set(consumers.map { $0.annexB.withUnsafeBufferPointer { $0.baseAddress } })
        #expect(addresses.count == 1)
    }

    @Test("encode(into:) reuses the output buffer once the previous access unit is released")
    func outputBufferReuse() throws {
        let encoder = try Self.makeEncoder()
        var source = TestPatternSource(width: 640, height: 480, framesPerSecond: 30, startTime: .zero)
        var frame = VideoFrame(width: 640, height: 480)
        var output = EncodedVideoFrame(annexB: [], isKeyframe: false, width: 0, height: 0, timestamp: .zero, sequenceNumber: 0)
        output.annexB.reserveCapacity(1 << 20)
        let firstAddress = output.annexB.withUnsafeBufferPointer { $0.baseAddress }
        for _ in 0..<10 {
            source.nextFrame(into: &frame)
            #expect(try encoder.encode(frame, into: &output))
            #expect(output.annexB.withUnsafeBufferPointer { $0.baseAddress } == firstAddress)
        }
        #expect(output.sequenceNumber == 9)
    }

    @Test("with frame skipping on, a starved rate control drops whole frames (nil) instead of overshooting")
    func frameSkipping() throws {
        let encoder = try H264Encoder(configuration: H264EncoderConfiguration(
            width: 1280, height: 720, framesPerSecond: 30, targetBitrate: 100_000, frameSkipping: true))
        var source = TestPatternSource(width: 1280, height: 720, framesPerSecond: 30, startTime: .zero)
        var frame = VideoFrame(width: 1280, height: 720)
        var skipped = 0, bytes = 0
        for _ in 0..<90 {
            source.nextFrame(into: &frame)
            if let unit = try encoder.encode(frame) { bytes += unit.annexB.count } else { skipped += 1 }
        }
        #expect(skipped > 0)
        #expect(bytes * 8 / 3 < 300_000, "\(bytes * 8 / 3) bit/s with \(skipped) frames skipped")
    }

    @Test("controls from other threads while encoding are applied between frames, never lost")
    func concurrentControls() async throws {
        let encoder = try Self.makeEncoder(width: 320, height: 240, bitrate: 400_000)
        let keyframes = try await withThrowingTaskGroup(of: Int.self) { group in
            group.addTask {
                var source = TestPatternSource(width: 320, height: 240, framesPerSecond: 30, startTime: .zero)
                var frame = VideoFrame(width: 320, height: 240)
                var count = 0
                for _ in 0..<120 {
                    source.nextFrame(into: &frame)
                    if try encoder.encode(frame)?.isKeyframe == true { count += 1 }
                    await Task.yield()
                }
                return count
            }
            group.addTask {
                for step in 0..<40 {
                    try encoder.setTargetBitrate(200_000 + step * 10_000)
                    try encoder.setFrameRate(step % 2 == 0 ? 30 : 25)
                    await Task.yield()
                }
                encoder.requestKeyframe()
                return 0
            }
            return try await group.reduce(0, +)
        }
        // The first IDR, plus the requested one unless it landed after the last frame.
        #expect((1...2).contains(keyframes))
        #expect(try encoder.encode(VideoFrame(width: 320, height: 240))?.isKeyframe == (keyframes == 1))
    }
}
