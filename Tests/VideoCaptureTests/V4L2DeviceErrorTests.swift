#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import VideoCapture

/// Opening the wrong thing must fail with the error that says what is wrong, through the
/// real libv4l2 and kernel calls (this host has no cameras; the VM test covers real ones).
struct V4L2DeviceErrorTests {
    static let request = VideoCaptureRequest(width: 640, height: 480, framesPerSecond: 30)

    /// A scratch directory, removed with its contents when the test ends.
    final class ScratchDirectory {
        let path: String
        init() throws {
            var template = Array("/tmp/peercam-video-XXXXXX".utf8CString)
            guard let created = mkdtemp(&template) else { throw V4L2SystemCallFailure(call: "mkdtemp", errno: errno) }
            path = String(cString: created)
        }
        func file(_ name: String, contents: String) throws -> String {
            let filePath = path + "/" + name
            guard let handle = fopen(filePath, "w") else { throw V4L2SystemCallFailure(call: "fopen", errno: errno) }
            fputs(contents, handle)
            fclose(handle)
            return filePath
        }
        deinit {
            if let handle = opendir(path) {
                while let entry = readdir(handle) {
                    let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                    if name != "." && name != ".." { unlink(path + "/" + name) }
                }
                closedir(handle)
            }
            rmdir(path)
        }
    }

    @Test("a missing device node is deviceMissing")
    func missingDevice() {
        #expect(throws: VideoCaptureError.deviceMissing(path: "/dev/video-peercam-missing")) {
            try V4L2CaptureSession(path: "/dev/video-peercam-missing", request: Self.request)
        }
    }

    @Test("a path under a regular file is deviceMissing, not a crash")
    func pathThroughAFile() throws {
        let scratch = try ScratchDirectory()
        let file = try scratch.file("plain", contents: "x")
        #expect(throws: VideoCaptureError.deviceMissing(path: file + "/video0")) {
            try V4L2CaptureSession(path: file + "/video0", request: Self.request)
        }
    }

    @Test("a regular file is notAVideoDevice")
    func regularFile() throws {
        let scratch = try ScratchDirectory()
        let file = try scratch.file("video0", contents: "not a camera\n")
        #expect(throws: VideoCaptureError.notAVideoDevice(path: file)) {
            try V4L2CaptureSession(path: file, request: Self.request)
        }
    }

    @Test("a character device that is not V4L2 is notAVideoDevice", arguments: ["/dev/null", "/dev/zero"])
    func otherCharacterDevice(path: String) {
        #expect(throws: VideoCaptureError.notAVideoDevice(path: path)) {
            try V4L2CaptureSession(path: path, request: Self.request)
        }
    }

    @Test("probing skips nodes named video* that are not cameras and reports nothing wrong")
    func probeSkipsImpostors() throws {
        let scratch = try ScratchDirectory()
        _ = try scratch.file("video0", contents: "")
        _ = try scratch.file("video10", contents: "")
        _ = try scratch.file("videocard", contents: "")
        #expect(VideoDeviceProbe.nodePaths(directory: scratch.path) == [scratch.path + "/video0", scratch.path + "/video10"])
        let result = VideoDeviceProbe.run(directory: scratch.path)
        #expect(result.devices.isEmpty)
        #expect(result.skipped.isEmpty)
    }

    @Test("probing a directory that does not exist finds nothing")
    func probeMissingDirectory() {
        let result = VideoDeviceProbe.run(directory: "/nonexistent-peercam")
        #expect(result.devices.isEmpty && result.skipped.isEmpty)
    }

    @Test("EINTR is retried, other errno values name the call")
    func systemCallWrapper() throws {
        var attempts = 0
        let result = try V4L2SystemCall.retryingInterrupts("test_call") { () -> Int32 in
            attempts += 1
            if attempts < 3 { errno = EINTR; return -1 }
            return 7
        }
        #expect(result == 7 && attempts == 3)
        #expect(throws: V4L2SystemCallFailure(call: "VIDIOC_DQBUF", errno: ENODEV)) {
            try V4L2SystemCall.retryingInterrupts("VIDIOC_DQBUF") { errno = ENODEV; return -1 }
        }
        #expect(V4L2SystemCallFailure(call: "VIDIOC_DQBUF", errno: ENODEV).meansDisconnected)
        #expect(V4L2SystemCallFailure(call: "VIDIOC_DQBUF", errno: EIO).meansDisconnected)
        #expect(!V4L2SystemCallFailure(call: "VIDIOC_S_FMT", errno: EINVAL).meansDisconnected)
        #expect(V4L2SystemCallFailure(call: "VIDIOC_DQBUF", errno: ENODEV).description.contains("VIDIOC_DQBUF"))
    }

    @Test("poll on a descriptor with nothing to read times out with 0 events")
    func pollTimesOut() throws {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer { close(ends[0]); close(ends[1]) }
        #expect(try V4L2SystemCall.poll(ends[0], events: Int16(POLLIN), timeoutMilliseconds: 20) == 0)
        close(ends[1])
        ends[1] = -1
        #expect(try V4L2SystemCall.poll(ends[0], events: Int16(POLLIN), timeoutMilliseconds: 20) & Int16(POLLHUP) != 0)
    }

    @Test("which errors end a stream", arguments: [
        (VideoCaptureError.deviceDisconnected(path: "/dev/video0", call: "VIDIOC_DQBUF"), true),
        (.systemCall(V4L2SystemCallFailure(call: "VIDIOC_QBUF", errno: EINVAL)), true),
        (.deviceBusy(path: "/dev/video0"), true),
        (.noFrameWithin(milliseconds: 1000), false),
        (.shortBuffer(expected: 460_800, received: 1024), false),
    ])
    func endsStream(error: VideoCaptureError, ends: Bool) {
        #expect(error.endsStream == ends)
    }
}
