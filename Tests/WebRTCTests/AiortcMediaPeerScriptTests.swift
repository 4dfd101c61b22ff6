import Foundation
import Media
import Testing

extension WebRTCSerializedTests {
    // Inside the serialized suite: these tests start Python processes (pipes, threads, CPU)
    // that would disturb the leak test and the aiortc transport tests if run alongside.
    /// The aiortc media interop script (Tests/Interop/aiortc_media_peer.py) reads and draws
    /// PeerCam's frame-index stamp with a Python port (Tests/Interop/peercam_test_pattern.py).
    /// These tests prove the port against the Swift original through Y4M files, both ways and
    /// byte for byte, so that when the media interop tests run a wrong index means a wrong
    /// frame, never a port that drifted; and that the script's send and receive modes work
    /// against each other (aiortc ↔ aiortc) before a Swift pipeline is put on either end.
    ///
    /// Needs the `.venv` that `scripts/bootstrap` makes (aiortc, numpy): without it every test
    /// here is reported as skipped with that reason, never as passed.
    @Suite(.enabled(if: AiortcMediaPeerScriptPaths.pythonExists,
                    "no .venv/bin/python: run scripts/bootstrap to install aiortc and numpy"))
    struct AiortcMediaPeerScriptTests {
        static let python = AiortcMediaPeerScriptPaths.python
        static let interop = AiortcMediaPeerScriptPaths.interop

        /// Sizes from the smallest that carries a stamp (cells of 8 px) through whole
        /// macroblocks (16, 32, 64 px cells), plus odd ratios that round the cell down.
        static let sizes: [(width: Int, height: Int)] = [(160, 120), (320, 240), (640, 480), (1280, 720), (352, 288), (800, 64)]
        /// First frames, a phase wrap, CRC-heavy values and the 2^24 wrap of the index.
        static let indices: [UInt64] = [0, 1, 2, 255, 256, 77_777, 0xA5_5A_3C, 16_777_215, 16_777_216 + 3]

        @Test("Swift TestPatternSource frames → Y4M → Python read_index gives the same indices", arguments: sizes)
        func pythonReadsSwiftStamps(size: (width: Int, height: Int)) throws {
            let path = Self.temporaryPath("swift-stamped")
            defer { try? FileManager.default.removeItem(atPath: path) }
            let writer = try Y4MWriter(destination: .file(path: path), width: size.width, height: size.height, frameRate: (30, 1))
            var frame = VideoFrame(width: size.width, height: size.height)
            for index in Self.indices {
                TestPatternSource.render(frameIndex: index, into: &frame)
                try writer.write(frame)
            }
            try writer.close()

            let read = try Self.pythonReadIndices(path)
            #expect(read == Self.indices.map { Int($0 % (1 << 24)) })
        }

        @Test("Python stamped frames → Y4M → Swift TestPatternFrameIndexReader; pixels identical to TestPatternSource",
              arguments: sizes)
        func swiftReadsPythonStamps(size: (width: Int, height: Int)) throws {
            let path = Self.temporaryPath("python-stamped")
            defer { try? FileManager.default.removeItem(atPath: path) }
            try Self.runPython(["peercam_test_pattern.py", "--write-y4m", path, "--size", "\(size.width)x\(size.height)",
                                "--indices", Self.indices.map(String.init).joined(separator: ",")])

            let frames = try Self.readY4M(path, width: size.width, height: size.height)
            try #require(frames.count == Self.indices.count)
            let reader = TestPatternFrameIndexReader()
            var expected = VideoFrame(width: size.width, height: size.height)
            for (frame, index) in zip(frames, Self.indices) {
                #expect(reader.frameIndex(in: frame) == UInt32(index % (1 << 24)))
                TestPatternSource.render(frameIndex: index, into: &expected)
                // The first differing byte, not two whole frames, when the ports drift apart.
                let firstDifference = frame.storage.indices.first { frame.storage[$0] != expected.storage[$0] }
                #expect(firstDifference == nil, "frame \(index): the Python picture differs from TestPatternSource's")
            }
        }

        @Test("Both readers refuse the same damaged and unstampable frames")
        func damagedFramesAreUnreadableOnBothSides() throws {
            let path = Self.temporaryPath("damaged")
            defer { try? FileManager.default.removeItem(atPath: path) }
            let width = 640, height = 480
            var frames: [VideoFrame] = []
            var frame = VideoFrame(width: width, height: height)
            // A grey sync square (ambiguous level), a flipped CRC bit, a plain black picture.
            TestPatternSource.render(frameIndex: 1234, into: &frame)
            Self.fill(&frame, bit: 0, with: 128)
            frames.append(frame)
            TestPatternSource.render(frameIndex: 1234, into: &frame)
            let crcBitCentre = (32 + 16) * width + 19 * 32 + 16  // bit 39: second row, last column
            Self.fill(&frame, bit: 39, with: frame.storage[crcBitCentre] > 128 ? 16 : 235)
            frames.append(frame)
            frames.append(VideoFrame(width: width, height: height))

            let writer = try Y4MWriter(destination: .file(path: path), width: width, height: height, frameRate: (30, 1))
            for frame in frames { try writer.write(frame) }
            try writer.close()

            let reader = TestPatternFrameIndexReader()
            #expect(frames.map { reader.frameIndex(in: $0) } == [nil, nil, nil])
            #expect(try Self.pythonReadIndices(path) == [nil, nil, nil])
            // Too small to carry a code: both say so rather than guess.
            let tiny = Self.temporaryPath("tiny")
            defer { try? FileManager.default.removeItem(atPath: tiny) }
            let tinyWriter = try Y4MWriter(destination: .file(path: tiny), width: 100, height: 80, frameRate: (30, 1))
            var small = VideoFrame(width: 100, height: 80)
            TestPatternSource.render(frameIndex: 7, into: &small)
            try tinyWriter.write(small)
            try tinyWriter.close()
            #expect(reader.frameIndex(in: small) == nil)
            #expect(try Self.pythonReadIndices(tiny) == [nil])
        }

        @Test("aiortc_media_peer.py --send against --receive, both offer directions: ≥ 95 % of indices and the tone steps",
              .timeLimit(.minutes(2)))
        func scriptModesWorkAgainstEachOther() throws {
            let output = try Self.runPython(["selfcheck_media_peer.py", "--seconds", "3", "--size", "320x240"],
                                            allowFailure: true)
            let results = try output.split(separator: "\n").map { line in
                try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            }
            try #require(results.count == 2, "self-check printed \(output)")
            for result in results {
                let sent = try #require(result["framesSent"] as? Int)
                let readBack = try #require(result["indicesReadBack"] as? Int)
                #expect(sent >= 30, "\(result)")
                #expect(Double(readBack) >= 0.95 * Double(sent), "\(result)")
                #expect(result["passed"] as? Bool == true, "\(result)")
            }
        }

        // MARK: - Helpers

        /// Paints the inner part of stamp square `bit` (cells of 32 px at 640 wide).
        static func fill(_ frame: inout VideoFrame, bit: Int, with value: UInt8) {
            let cell = 32, width = frame.width
            let left = bit % 20 * cell, top = bit / 20 * cell
            for row in top..<(top + cell) {
                for column in left..<(left + cell) { frame.storage[row * width + column] = value }
            }
        }

        static func temporaryPath(_ name: String) -> String {
            FileManager.default.temporaryDirectory
                .appendingPathComponent("peercam-\(name)-\(UUID().uuidString).y4m").path
        }

        struct ScriptFailure: Error, CustomStringConvertible {
            var description: String
        }

        /// Runs a script from Tests/Interop with the venv's Python and returns its stdout;
        /// a non-zero exit is an error carrying stderr unless `allowFailure`.
        @discardableResult
        static func runPython(_ arguments: [String], allowFailure: Bool = false) throws -> String {
            let process = Process()
            process.executableURL = python
            process.arguments = [interop.appendingPathComponent(arguments[0]).path] + arguments.dropFirst()
            let output = Pipe(), errors = Pipe()
            process.standardOutput = output
            process.standardError = errors
            try process.run()
            let stdout = output.fileHandleForReading.readDataToEndOfFile()
            let stderr = errors.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard allowFailure || process.terminationStatus == 0 else {
                throw ScriptFailure(description: "\(arguments[0]) exited \(process.terminationStatus): "
                                    + String(decoding: stderr.suffix(2000), as: UTF8.self))
            }
            return String(decoding: stdout, as: UTF8.self)
        }

        /// What `peercam_test_pattern.py --read-y4m` read from each frame (nil: unreadable).
        static func pythonReadIndices(_ path: String) throws -> [Int?] {
            let output = try runPython(["peercam_test_pattern.py", "--read-y4m", path])
            let object = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]
            let indices = try #require(object?["indices"] as? [Any], "unexpected output: \(output)")
            return indices.map { $0 as? Int }
        }

        /// Frames of a C420 Y4M file that has the given size (a reader just for this test:
        /// Media writes Y4M but has no need to read it).
        static func readY4M(_ path: String, width: Int, height: Int) throws -> [VideoFrame] {
            let data = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
            let newline = UInt8(ascii: "\n")
            guard let headerEnd = data.firstIndex(of: newline) else { throw ScriptFailure(description: "no Y4M header") }
            let header = String(decoding: data[..<headerEnd], as: UTF8.self)
            guard header.hasPrefix("YUV4MPEG2 "), header.contains(" W\(width) "), header.contains(" H\(height) ") else {
                throw ScriptFailure(description: "unexpected Y4M header \(header)")
            }
            let frameBytes = VideoFrame.byteCount(width: width, height: height)
            var frames: [VideoFrame] = []
            var position = headerEnd + 1
            while position < data.count {
                guard let markerEnd = data[position...].firstIndex(of: newline),
                      data[position..<markerEnd].starts(with: Array("FRAME".utf8)),
                      markerEnd + 1 + frameBytes <= data.count else {
                    throw ScriptFailure(description: "damaged Y4M frame at byte \(position)")
                }
                var frame = VideoFrame(width: width, height: height)
                frame.storage = Array(data[(markerEnd + 1)..<(markerEnd + 1 + frameBytes)])
                frames.append(frame)
                position = markerEnd + 1 + frameBytes
            }
            return frames
        }
    }
}

/// Where the venv and the interop scripts are, outside the suite so its `enabled(if:)`
/// trait can ask before the suite exists.
enum AiortcMediaPeerScriptPaths {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let python = repositoryRoot.appendingPathComponent(".venv/bin/python")
    static let interop = repositoryRoot.appendingPathComponent("Tests/Interop")
    static var pythonExists: Bool { FileManager.default.isExecutableFile(atPath: python.path) }
}
