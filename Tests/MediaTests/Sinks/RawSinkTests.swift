import Foundation
import Glibc
import Testing
@testable import Media

/// Y4M, WAV and Annex-B outputs, each read back by ffprobe/ffmpeg and compared
/// byte for byte with what went in.
@Suite("Y4M, WAV and Annex-B writers")
struct RawSinkTests {
    /// Frames whose pixels differ per frame, so a dropped or reordered frame shows.
    static func frames(count: Int, width: Int = 64, height: Int = 48) -> [VideoFrame] {
        (0..<count).map { index in
            var frame = VideoFrame(width: width, height: height, sequenceNumber: UInt64(index))
            for offset in frame.storage.indices { frame.storage[offset] = UInt8(truncatingIfNeeded: offset &* 7 &+ index &* 13) }
            return frame
        }
    }

    static func audio(blocks: Int, channelCount: Int) -> [AudioFrame] {
        (0..<blocks).map { block in
            var frame = AudioFrame(channelCount: channelCount, samplesPerChannel: 960, sequenceNumber: UInt64(block))
            for index in frame.samples.indices { frame.samples[index] = Int16(truncatingIfNeeded: (block * 960 * channelCount + index) &* 37) }
            return frame
        }
    }

    @Test("Y4M file: ffprobe reads size, rate, yuv420p and every frame; ffmpeg returns the exact pixels")
    func y4mFile() throws {
        let directory = try SinkTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("v.y4m").path
        let frames = Self.frames(count: 12)
        let writer = try Y4MWriter(destination: .file(path: path), width: 64, height: 48, frameRate: (30, 1))
        for frame in frames { try writer.write(frame) }
        try writer.close()

        let report = try SinkTestSupport.probe(path, in: directory)
        let video = try #require(report.stream("video"))
        #expect(video.codecName == "rawvideo" && video.pixelFormat == "yuv420p")
        #expect(video.width == 64 && video.height == 48 && video.frameRate == "30/1" && video.readFrames == 12)
        let raw = try SinkTestSupport.run("/usr/bin/ffmpeg", ["-v", "error", "-i", path, "-f", "rawvideo", "-"], in: directory)
        #expect([UInt8](raw.standardOutput) == frames.flatMap(\.storage))
    }

    @Test("Y4M into a FIFO that ffprobe reads, with a non-square pixel aspect")
    func y4mFIFO() throws {
        let directory = try SinkTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("v.fifo").path
        #expect(mkfifo(path, 0o600) == 0)
        let reader = try SinkTestSupport.start("/usr/bin/ffprobe", ["-v", "error", "-show_streams", "-count_frames",
                                                                    "-of", "json", path], in: directory)
        let writer = try Y4MWriter(destination: .fifo(path: path, readerWait: .seconds(20)), width: 64, height: 48,
                                   frameRate: (25, 1), pixelAspectRatio: (4, 3))
        for frame in Self.frames(count: 30) { try writer.write(frame) }
        try writer.close()
        let result = try SinkTestSupport.finish(reader)
        let video = try #require(try FFprobeReport(json: result.standardOutput).stream("video"))
        #expect(video.readFrames == 30 && video.frameRate == "25/1" && video.sampleAspectRatio == "4:3")
    }

    @Test("A FIFO whose reader goes away gives .readerGone, and SIGPIPE does not kill the process")
    func fifoReaderGone() throws {
        let directory = try SinkTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("gone.fifo").path
        #expect(mkfifo(path, 0o600) == 0)
        let reader = try SinkTestSupport.start("/usr/bin/head", ["-c", "1000", path], in: directory)
        let writer = try Y4MWriter(destination: .file(path: path), width: 64, height: 48, frameRate: (30, 1))
        let frame = Self.frames(count: 1)[0]
        #expect(throws: SinkOutputError.readerGone) {
            for _ in 0..<10_000 { try writer.write(frame) }
        }
        #expect(try SinkTestSupport.finish(reader).standardOutput.count == 1000)
        try writer.close()
    }

    @Test("A FIFO nobody opens: the writer gives up after its wait with .noReader instead of hanging")
    func fifoWithoutReader() throws {
        let directory = try SinkTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("lonely.fifo").path
        #expect(mkfifo(path, 0o600) == 0)
        let started = MediaTime.now()
        #expect(throws: SinkOutputError.noReader(path: path, waitedMilliseconds: 200)) {
            _ = try WAVWriter(destination: .fifo(path: path, readerWait: .milliseconds(200)), channelCount: 2)
        }
        #expect(MediaTime.now().since(started) >= .milliseconds(200))
    }

    @Test("Y4M input rules", arguments: [(63, 48), (64, 47), (0, 48)])
    func y4mOddSizes(width: Int, height: Int) throws {
        #expect(throws: Y4MWriterError.i420NeedsEvenDimensions(width: width, height: height)) {
            _ = try Y4MWriter(destination: .file(path: "/dev/null"), width: width, height: height, frameRate: (30, 1))
        }
    }

    @Test("Y4M refuses a frame of another size than its header")
    func y4mSizeChange() throws {
        let writer = try Y4MWriter(destination: .file(path: "/dev/null"), width: 64, height: 48, frameRate: (30, 1))
        #expect(throws: Y4MWriterError.frameSizeChanged(headerWidth: 64, headerHeight: 48, frameWidth: 32, frameHeight: 48)) {
            try writer.write(VideoFrame(width: 32, height: 48))
        }
        #expect(throws: Y4MWriterError.frameRateNotPositive(numerator: 30, denominator: 0)) {
            _ = try Y4MWriter(destination: .file(path: "/dev/null"), width: 64, height: 48, frameRate: (30, 0))
        }
        #expect(throws: Y4MWriterError.pixelAspectRatioNotPositive(width: 0, height: 1)) {
            _ = try Y4MWriter(destination: .file(path: "/dev/null"), width: 64, height: 48, frameRate: (30, 1),
                              pixelAspectRatio: (0, 1))
        }
    }

    @Test("WAV file: sizes patched on close; ffprobe reads 48 kHz, channels, duration; samples come back exact",
          arguments: [1, 2])
    func wavFile(channelCount: Int) throws {
        let directory = try SinkTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("a.wav").path
        let blocks = Self.audio(blocks: 75, channelCount: channelCount)  // 1.5 s
        let writer = try WAVWriter(destination: .file(path: path), channelCount: channelCount)
        for block in blocks { try writer.write(block) }
        try writer.close()

        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let dataSize = 75 * 960 * channelCount * 2
        #expect(bytes.count == 44 + dataSize)
        #expect(Array(bytes[0..<44]) == WAVWriter.header(channelCount: channelCount, riffSize: UInt32(36 + dataSize),
                                                          dataSize: UInt32(dataSize)))
        let report = try SinkTestSupport.probe(path, in: directory)
        let audio = try #require(report.stream("audio"))
        #expect(audio.codecName == "pcm_s16le" && audio.sampleRate == 48_000 && audio.channels == channelCount)
        #expect(abs((audio.duration ?? 0) - 1.5) < 0.001)
        let pcm = try SinkTestSupport.run("/usr/bin/ffmpeg", ["-v", "error", "-i", path, "-f", "s16le", "-"], in: directory)
        #expect([UInt8](pcm.standardOutput) == Array(bytes[44...]))
        #expect(pcm.standardOutput.withUnsafeBytes { Array($0.bindMemory(to: Int16.self)) } == blocks.flatMap(\.samples))
    }

    @Test("WAV to a pipe (not seekable): streaming header, ffmpeg reads every sample until end of input")
    func wavPipe() throws {
        let directory = try SinkTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let pipe = Pipe()
        let reader = try SinkTestSupport.start("/usr/bin/ffmpeg", ["-v", "error", "-f", "wav", "-i", "pipe:0", "-f", "s16le", "-"],
                                               standardInput: pipe.fileHandleForReading, in: directory)
        let blocks = Self.audio(blocks: 100, channelCount: 2)
        let writer = try WAVWriter(destination: .fileDescriptor(pipe.fileHandleForWriting.fileDescriptor), channelCount: 2)
        for block in blocks { try writer.write(block) }
        try writer.close()
        try pipe.fileHandleForWriting.close()
        let result = try SinkTestSupport.finish(reader)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.withUnsafeBytes { Array($0.bindMemory(to: Int16.self)) } == blocks.flatMap(\.samples))
        #expect(WAVWriter.header(channelCount: 2, riffSize: .max, dataSize: .max).count == 44)
    }

    @Test("WAV input rules")
    func wavRules() throws {
        #expect(throws: WAVWriterError.channelCountUnsupported(3)) {
            _ = try WAVWriter(destination: .file(path: "/dev/null"), channelCount: 3)
        }
        let writer = try WAVWriter(destination: .file(path: "/dev/null"), channelCount: 2)
        #expect(throws: WAVWriterError.channelCountChanged(header: 2, frame: 1)) {
            try writer.write(AudioFrame(channelCount: 1, samplesPerChannel: 960))
        }
    }

    @Test("Annex-B file: byte-identical to the encoder's stream, ffprobe counts every frame; bad units refused")
    func annexB() throws {
        let directory = try SinkTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let stream = try SinkTestSupport.makeH264(seconds: 2, in: directory)
        let path = directory.appendingPathComponent("out.h264").path
        let writer = try AnnexBWriter(destination: .file(path: path))
        for frame in SinkTestSupport.accessUnits(of: stream) { try writer.write(frame) }
        #expect(throws: AnnexBFormatError.emptyAccessUnit) { try writer.write(MatroskaWriterInputTests.frame([])) }
        #expect(throws: AnnexBFormatError.noStartCodeAtStart) { try writer.write(MatroskaWriterInputTests.frame([0x65, 1])) }
        try writer.close()
        #expect([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) == stream)
        let report = try SinkTestSupport.probe(path, in: directory)
        #expect(report.stream("video")?.codecName == "h264" && report.stream("video")?.readFrames == 60)
    }
}
