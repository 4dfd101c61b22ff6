#if canImport(Glibc)
import Glibc
#endif
import CV4L2

/// The driver's capture buffers mapped into this process (`VIDIOC_REQBUFS` +
/// `VIDIOC_QUERYBUF` + `v4l2_mmap`), unmapped and released when the value goes away.
///
/// Frames are copied out of these buffers into the caller's reused frame, so a buffer
/// goes back to the driver at once and the driver never starves.
final class V4L2MappedBuffers {
    private let device: V4L2Device
    private(set) var regions: [UnsafeRawBufferPointer] = []

    init(device: V4L2Device, count: Int) throws(VideoCaptureError) {
        self.device = device
        var request = v4l2_requestbuffers()
        request.count = UInt32(max(count, 2))
        request.type = V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue
        request.memory = V4L2_MEMORY_MMAP.rawValue
        try device.control(CPeerCam_VIDIOC_REQBUFS, "VIDIOC_REQBUFS", &request)
        guard request.count >= 2 else {
            throw .systemCall(V4L2SystemCallFailure(call: "VIDIOC_REQBUFS", errno: ENOMEM))
        }
        for index in 0..<request.count {
            var buffer = Self.emptyBuffer(index: index)
            try device.control(CPeerCam_VIDIOC_QUERYBUF, "VIDIOC_QUERYBUF", &buffer)
            let length = Int(buffer.length)
            guard let address = v4l2_mmap(nil, length, PROT_READ | PROT_WRITE, MAP_SHARED, device.fileDescriptor,
                                          Int64(buffer.m.offset)),
                  CPeerCam_v4l2_mmap_failed(address) == 0 else {
                throw device.classify(V4L2SystemCallFailure(call: "v4l2_mmap", errno: errno))
            }
            regions.append(UnsafeRawBufferPointer(start: address, count: length))
        }
    }

    deinit {
        for region in regions {
            if let address = region.baseAddress { v4l2_munmap(UnsafeMutableRawPointer(mutating: address), region.count) }
        }
        // Free the driver's buffers too; fails harmlessly when the device is already gone.
        var release = v4l2_requestbuffers()
        release.type = V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue
        release.memory = V4L2_MEMORY_MMAP.rawValue
        _ = try? V4L2SystemCall.ioctl(device.fileDescriptor, CPeerCam_VIDIOC_REQBUFS, "VIDIOC_REQBUFS", &release)
    }

    /// Hands buffer `index` to the driver to fill.
    func enqueue(_ index: UInt32) throws(VideoCaptureError) {
        var buffer = Self.emptyBuffer(index: index)
        try device.control(CPeerCam_VIDIOC_QBUF, "VIDIOC_QBUF", &buffer)
    }

    static func emptyBuffer(index: UInt32 = 0) -> v4l2_buffer {
        var buffer = v4l2_buffer()
        buffer.index = index
        buffer.type = V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue
        buffer.memory = V4L2_MEMORY_MMAP.rawValue
        return buffer
    }
}
