/// Counters a capture session keeps so losses are visible, never silent.
public struct VideoCaptureStatistics: Sendable, Codable, Equatable {
    /// Frames handed to the caller.
    public var deliveredFrames: UInt64 = 0
    /// Frames the driver skipped (gaps in its buffer sequence numbers), e.g. because
    /// the caller read too slowly and every buffer was full.
    public var driverDroppedFrames: UInt64 = 0
    /// Buffers the driver flagged as corrupt (`V4L2_BUF_FLAG_ERROR`); re-queued, not delivered.
    public var corruptBuffers: UInt64 = 0

    public init() {}
}
