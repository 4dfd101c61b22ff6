#if canImport(Glibc)
import Glibc
#endif
import CV4L2
import Media

extension V4L2CaptureSession {
    /// The capture time of a dequeued buffer on `MediaTime`'s clock: the driver's stamp
    /// when it comes from CLOCK_MONOTONIC, else now (dequeue time, a few ms late at most).
    static func captureTime(of buffer: v4l2_buffer) -> MediaTime {
        let source = buffer.flags & UInt32(V4L2_BUF_FLAG_TIMESTAMP_MASK)
        let stamp = buffer.timestamp
        guard source == UInt32(V4L2_BUF_FLAG_TIMESTAMP_MONOTONIC), stamp.tv_sec > 0 || stamp.tv_usec > 0,
              stamp.tv_sec >= 0, stamp.tv_usec >= 0 else {
            return MediaTime.now()
        }
        return MediaTime(nanoseconds: UInt64(stamp.tv_sec) * 1_000_000_000 + UInt64(stamp.tv_usec) * 1_000)
    }

    /// Counts frames the driver skipped, from gaps in its buffer sequence numbers.
    func noteDriverSequence(_ sequence: UInt32) {
        statistics.driverDroppedFrames += Self.skippedFrames(after: lastDriverSequence, at: sequence)
        lastDriverSequence = sequence
    }

    /// Frames missing between driver sequence numbers `last` and `sequence` (32-bit,
    /// wrapping). A step backwards (a driver restarting its count) counts as no loss.
    static func skippedFrames(after last: UInt32?, at sequence: UInt32) -> UInt64 {
        guard let last else { return 0 }
        let step = sequence &- last
        return step > 1 && step < UInt32.max / 2 ? UInt64(step - 1) : 0
    }

    /// Copies `rows` rows of `width` bytes from a buffer with `stride` bytes per row.
    static func copyPlane(from source: UnsafeRawPointer, stride: Int, to plane: UnsafeMutableBufferPointer<UInt8>,
                          width: Int, rows: Int) {
        guard let destination = plane.baseAddress else { return }
        if stride == width {
            UnsafeMutableRawPointer(destination).copyMemory(from: source, byteCount: width * rows)
            return
        }
        for row in 0..<rows {
            (destination + row * width).update(from: (source + row * stride).assumingMemoryBound(to: UInt8.self), count: width)
        }
    }

    /// True when an Annex-B access unit holds an IDR slice (NAL type 5, H.264 §7.4.1.2).
    static func containsIDR(_ annexB: [UInt8]) -> Bool {
        var zeros = 0
        for (index, byte) in annexB.enumerated() {
            if byte == 0 { zeros += 1; continue }
            if byte == 1, zeros >= 2, index + 1 < annexB.count, annexB[index + 1] & 0x1f == 5 { return true }
            zeros = 0
        }
        return false
    }
}
