#if canImport(Glibc)
import Glibc
#endif
import CV4L2

/// The one place capture code makes system calls: retries EINTR and turns
/// errno into a `V4L2SystemCallFailure` naming the call.
///
/// A signal (SIGTERM from systemd starting a graceful shutdown, SIGCHLD) can interrupt
/// any blocking call; treating that as a failure would end a healthy stream.
enum V4L2SystemCall {
    /// Runs `body` until it returns something other than -1 with EINTR.
    @discardableResult
    static func retryingInterrupts(_ call: String, _ body: () -> Int32) throws(V4L2SystemCallFailure) -> Int32 {
        while true {
            let result = body()
            if result != -1 { return result }
            let code = errno
            if code == EINTR { continue }
            throw V4L2SystemCallFailure(call: call, errno: code)
        }
    }

    /// `v4l2_ioctl` on `argument`, named after the request (`VIDIOC_S_FMT`).
    @discardableResult
    static func ioctl<Argument>(_ fileDescriptor: Int32, _ request: UInt, _ name: String,
                                _ argument: inout Argument) throws(V4L2SystemCallFailure) -> Int32 {
        try retryingInterrupts(name) {
            withUnsafeMutablePointer(to: &argument) { CPeerCam_v4l2_ioctl(fileDescriptor, request, $0) }
        }
    }

    /// poll() on one descriptor; returns the revents, or 0 when the timeout passed.
    static func poll(_ fileDescriptor: Int32, events: Int16, timeoutMilliseconds: Int32) throws(V4L2SystemCallFailure) -> Int16 {
        var descriptor = pollfd(fd: fileDescriptor, events: events, revents: 0)
        let ready = try retryingInterrupts("poll") { Glibc.poll(&descriptor, 1, timeoutMilliseconds) }
        return ready == 0 ? 0 : descriptor.revents
    }
}
