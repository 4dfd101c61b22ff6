import Media
import Testing

@Suite("Frame reuse on the capture → encode path, and frame comparison")
struct FrameReuseTests {
    @Test("a pool recycles the same storage: after warm-up, 100 frames in flight two at a time allocate nothing")
    func poolReuse() {
        var pool = VideoFramePool(width: 640, height: 480, capacity: 2)
        var source = TestPatternSource(width: 640, height: 480, framesPerSecond: 30, startTime: .zero)
        var addresses = Set<UnsafePointer<UInt8>?>()
        var inFlight: VideoFrame?
        for _ in 0..<100 {
            var frame = pool.take()
            source.nextFrame(into: &frame)
            addresses.insert(frame.storage.withUnsafeBufferPointer { $0.baseAddress })
            if let previous = inFlight.take() { pool.recycle(previous) }
            inFlight = frame
        }
        #expect(pool.allocationCount == 2)
        #expect(addresses.count == 2)
    }

    @Test("a pool keeps neither frames of another size nor more than its capacity")
    func poolLimits() {
        var pool = VideoFramePool(width: 320, height: 240, capacity: 1, prefill: 1)
        #expect(pool.freeCount == 1 && pool.allocationCount == 1)
        let keptWhenFull = pool.recycle(VideoFrame(width: 320, height: 240))
        #expect(!keptWhenFull, "pool is full")
        _ = pool.take()
        let keptWrongSize = pool.recycle(VideoFrame(width: 640, height: 480))
        #expect(!keptWrongSize, "wrong size")
        let keptRightSize = pool.recycle(VideoFrame(width: 320, height: 240))
        #expect(keptRightSize)
    }

    @Test("luma PSNR: identical planes are infinite, an error of 1 everywhere is 48.13 dB, sizes must match")
    func psnr() throws {
        let reference = VideoFrame(width: 64, height: 48)
        var shifted = reference
        for index in 0..<shifted.lumaByteCount { shifted.storage[index] += 1 }
        #expect(reference.lumaPSNR(comparedTo: reference) == .infinity)
        let value = try #require(shifted.lumaPSNR(comparedTo: reference))
        #expect(abs(value - 48.13) < 0.01)
        #expect(reference.lumaPSNR(comparedTo: VideoFrame(width: 32, height: 48)) == nil)
    }
}
