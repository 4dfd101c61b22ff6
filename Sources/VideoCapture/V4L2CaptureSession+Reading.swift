#if canImport(Glibc)
import Glibc
#endif
import CV4L2
import Media

extension V4L2CaptureSession {
    /// Waits up to `timeout` for the next picture and copies it, as I420, into `frame`.
    ///
    /// `frame` is reused: when it already has the negotiated size nothing is allocated.
    /// Its timestamp is the driver's capture time when the driver stamps buffers from the
    /// monotonic clock (almost all do), else the time the buffer was dequeued; its
    /// sequence number counts delivered frames from 0 with no gaps (driver-side losses
    /// are counted in `statistics.driverDroppedFrames`).
    public func read(into frame: inout VideoFrame, timeout: MediaDuration) throws(VideoCaptureError) {
        guard !negotiated.isH264PassThrough else { throw .wrongDeliveryKind(negotiated: "H264") }
        if frame.width != negotiated.width || frame.height != negotiated.height { frame = makeFrame() }
        let deadline = MediaTime.now() + timeout
        while true {
            let buffer = try dequeueFilledBuffer(timeout: deadline.since(MediaTime.now()), reportedTimeout: timeout)
            let region = buffers.regions[Int(buffer.index)]
            let used = min(Int(buffer.bytesused == 0 ? buffer.length : buffer.bytesused), region.count)
            let picture = UnsafeRawBufferPointer(rebasing: region[0..<used])
            if let converter {
                let failure: V4L2FrameConverter.Failure?
                do {
                    try converter.convert(picture, into: &frame)
                    failure = nil
                } catch {
                    failure = error
                }
                switch failure {
                case nil:
                    break
                case .damagedPicture:
                    // One bad JPEG must not end the stream: count it, wait for the next picture.
                    statistics.corruptBuffers += 1
                    try buffers.enqueue(buffer.index)
                    continue
                case .unsupported(let message):
                    try? buffers.enqueue(buffer.index)
                    throw .conversionFailed(from: converter.sourceFormat, message: message)
                }
            } else {
                try copyI420(picture, into: &frame, buffer: buffer)
            }
            frame.timestamp = Self.captureTime(of: buffer)
            frame.sequenceNumber = statistics.deliveredFrames
            statistics.deliveredFrames += 1
            try buffers.enqueue(buffer.index)
            return
        }
    }

    /// Copies a native I420 picture, dropping any row padding the driver adds.
    private func copyI420(_ picture: UnsafeRawBufferPointer, into frame: inout VideoFrame,
                          buffer: v4l2_buffer) throws(VideoCaptureError) {
        let width = negotiated.width, height = negotiated.height, stride = negotiated.bytesPerLine
        let needed = stride * height + (stride / 2) * (height / 2) * 2
        guard picture.count >= needed, let source = picture.baseAddress else {
            try buffers.enqueue(buffer.index)
            throw .shortBuffer(expected: needed, received: picture.count)
        }
        frame.withMutablePlanes { y, u, v in
            Self.copyPlane(from: source, stride: stride, to: y, width: width, rows: height)
            let chromaStride = stride / 2, chromaRows = height / 2
            let uSource = source + stride * height
            Self.copyPlane(from: uSource, stride: chromaStride, to: u, width: width / 2, rows: chromaRows)
            Self.copyPlane(from: uSource + chromaStride * chromaRows, stride: chromaStride, to: v,
                           width: width / 2, rows: chromaRows)
        }
    }

    /// Waits up to `timeout` for the camera's next H264 access unit (pass-through sessions).
    ///
    /// `frame.annexB` keeps its capacity from call to call. `isKeyframe` comes from the
    /// driver's keyframe flag or, when a driver does not set it, from an IDR NAL unit in the data.
    public func read(into frame: inout EncodedVideoFrame, timeout: MediaDuration) throws(VideoCaptureError) {
        guard negotiated.isH264PassThrough else { throw .wrongDeliveryKind(negotiated: "I420") }
        let buffer = try dequeueFilledBuffer(timeout: timeout, reportedTimeout: timeout)
        let region = buffers.regions[Int(buffer.index)]
        let used = min(Int(buffer.bytesused), region.count)
        guard used > 0 else {
            try buffers.enqueue(buffer.index)
            throw .shortBuffer(expected: 1, received: 0)
        }
        frame.annexB.removeAll(keepingCapacity: true)
        frame.annexB.append(contentsOf: UnsafeRawBufferPointer(rebasing: region[0..<used]))
        frame.isKeyframe = buffer.flags & UInt32(V4L2_BUF_FLAG_KEYFRAME) != 0 || Self.containsIDR(frame.annexB)
        frame.width = negotiated.width
        frame.height = negotiated.height
        frame.timestamp = Self.captureTime(of: buffer)
        frame.sequenceNumber = statistics.deliveredFrames
        statistics.deliveredFrames += 1
        try buffers.enqueue(buffer.index)
    }

    /// Dequeues the next filled buffer, waiting in poll() for at most `timeout`.
    /// Corrupt buffers go straight back to the driver and are counted.
    /// `reportedTimeout` is what `.noFrameWithin` names (the caller's whole timeout).
    func dequeueFilledBuffer(timeout: MediaDuration, reportedTimeout: MediaDuration) throws(VideoCaptureError) -> v4l2_buffer {
        if let endedBy { throw endedBy }
        guard isStreaming else { throw .sessionStopped(path: path) }
        do {
            return try dequeueWhenReady(timeout: timeout, reportedTimeout: reportedTimeout)
        } catch {
            // A vanished device stays vanished: later reads repeat the error at once.
            if case .deviceDisconnected = error {
                endedBy = error
                isStreaming = false
            }
            throw error
        }
    }

    private func dequeueWhenReady(timeout: MediaDuration, reportedTimeout: MediaDuration) throws(VideoCaptureError) -> v4l2_buffer {
        let deadline = MediaTime.now() + timeout
        var pollReportedError = false
        while true {
            // Wait first, dequeue second: libv4l2 logs every DQBUF that finds nothing ready.
            pollReportedError = try waitReadable(until: deadline, timeout: reportedTimeout)
            let dequeued: v4l2_buffer?
            do { dequeued = try dequeueIfReady() } catch { throw camera.classify(error) }
            guard let buffer = dequeued else {
                // POLLERR with nothing to dequeue: the driver stopped streaming under us.
                if pollReportedError { throw .deviceDisconnected(path: path, call: "poll") }
                continue
            }
            guard Int(buffer.index) < buffers.regions.count else {
                throw .systemCall(V4L2SystemCallFailure(call: "VIDIOC_DQBUF", errno: EINVAL))
            }
            if buffer.flags & UInt32(V4L2_BUF_FLAG_ERROR) != 0 {
                statistics.corruptBuffers += 1
                try buffers.enqueue(buffer.index)
                continue
            }
            noteDriverSequence(buffer.sequence)
            return buffer
        }
    }

    /// One non-blocking `VIDIOC_DQBUF`: nil when no buffer is ready yet (EAGAIN).
    private func dequeueIfReady() throws(V4L2SystemCallFailure) -> v4l2_buffer? {
        var buffer = V4L2MappedBuffers.emptyBuffer()
        do {
            try V4L2SystemCall.ioctl(camera.fileDescriptor, CPeerCam_VIDIOC_DQBUF, "VIDIOC_DQBUF", &buffer)
            return buffer
        } catch {
            if error.errno == EAGAIN { return nil }
            throw error
        }
    }

    /// poll() until the device is readable or reports an error; returns true for
    /// POLLERR/POLLHUP (an unplugged device, or streaming that died), which the next
    /// `VIDIOC_DQBUF` turns into the precise error.
    private func waitReadable(until deadline: MediaTime, timeout: MediaDuration) throws(VideoCaptureError) -> Bool {
        let remaining = deadline.since(MediaTime.now())
        let milliseconds = Int32(min(remaining.nanoseconds / 1_000_000, UInt64(Int32.max)))
        let events: Int16
        do {
            events = try V4L2SystemCall.poll(camera.fileDescriptor, events: Int16(POLLIN), timeoutMilliseconds: milliseconds)
        } catch {
            throw camera.classify(error)
        }
        if events == 0 { throw .noFrameWithin(milliseconds: Int(timeout.nanoseconds / 1_000_000)) }
        return events & Int16(POLLERR | POLLHUP | POLLNVAL) != 0
    }
}
