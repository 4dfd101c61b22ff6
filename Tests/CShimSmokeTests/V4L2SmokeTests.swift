import CV4L2
import Glibc
import Testing

@Suite("libv4l2 shim") struct V4L2SmokeTests {
    @Test("libv4lconvert can produce YUV420, the encoder's input format, and not H264")
    func convertsToYUV420() {
        #expect(v4lconvert_supported_dst_format(CPeerCam_V4L2_PIX_FMT_YUV420) != 0)
        #expect(v4lconvert_supported_dst_format(CPeerCam_V4L2_PIX_FMT_H264) == 0)
    }

    @Test("v4l2_ioctl wrapper reports ENOTTY for a file that is not a video device")
    func ioctlOnNonDevice() {
        let fd = open("/dev/null", O_RDWR)
        defer { close(fd) }
        var capability = v4l2_capability()
        #expect(CPeerCam_v4l2_ioctl(fd, CPeerCam_VIDIOC_QUERYCAP, &capability) == -1)
    }
}
