/// A small free list of same-sized `VideoFrame`s, so a capture → encode pipeline that
/// keeps a few frames in flight (one being filled, one being encoded) allocates
/// nothing per frame once it has warmed up.
///
/// A producer `take()`s a frame, fills it in place (`withMutablePlanes`), hands it on;
/// the last consumer `recycle(_:)`s it. A frame whose storage is still shared with a
/// copy someone kept is accepted too, but the next writer then pays one copy-on-write
/// allocation: consumers that need a picture for longer should copy what they need.
///
/// - Important: A value type with no locking: keep one pool per pipeline stage, or
///   wrap it in the actor or mutex that already owns the stage.
public struct VideoFramePool: Sendable {
    public let width: Int
    public let height: Int
    /// How many free frames the pool keeps; more recycled frames are released.
    public let capacity: Int
    private var free: [VideoFrame]
    /// Frames the pool had to create because none was free (warm-up, or a stage holding
    /// more frames than expected). Flat after warm-up means no per-frame allocation.
    public private(set) var allocationCount = 0

    /// - Parameters:
    ///   - capacity: frames kept ready; `prefill` of them are created now.
    public init(width: Int, height: Int, capacity: Int = 3, prefill: Int = 0) {
        precondition(capacity > 0, "a frame pool needs room for at least one frame")
        self.width = width
        self.height = height
        self.capacity = capacity
        free = []
        free.reserveCapacity(capacity)
        for _ in 0..<min(prefill, capacity) {
            free.append(VideoFrame(width: width, height: height))
        }
        allocationCount = free.count
    }

    public var freeCount: Int { free.count }

    /// A frame of the pool's size whose contents are whatever it last held.
    public mutating func take() -> VideoFrame {
        if let frame = free.popLast() { return frame }
        allocationCount += 1
        return VideoFrame(width: width, height: height)
    }

    /// Gives a frame back for reuse. Returns false when the pool did not keep it
    /// (wrong size, or already holding `capacity` frames); the frame is then simply released.
    @discardableResult
    public mutating func recycle(_ frame: consuming VideoFrame) -> Bool {
        guard frame.width == width, frame.height == height, free.count < capacity else { return false }
        free.append(frame)
        return true
    }
}
