/// What a `MatroskaWriter` did with its input, so nothing it skips is silent.
public struct MatroskaWriterStatistics: Sendable, Equatable {
    public var videoFramesWritten = 0
    public var audioPacketsWritten = 0
    /// Units inside clusters already handed to write(2): what a kill would keep.
    public var videoFramesFlushed = 0
    public var audioPacketsFlushed = 0
    public var clustersWritten = 0
    /// Delta frames before the first keyframe: undecodable, so not recorded.
    public var videoFramesSkippedBeforeKeyframe = 0
    /// Audio captured before the first keyframe, or held beyond the limit.
    public var audioPacketsDroppedBeforeFirstKeyframe = 0

    public init() {}
}

/// What `MatroskaWriter.append` did with a unit.
public enum MatroskaAppendOutcome: Sendable, Equatable {
    /// Added to the current cluster.
    case written
    /// Audio kept until the first video keyframe fixes the tracks.
    case held
    /// A delta frame before the first keyframe: it cannot be decoded, so it is skipped.
    case skippedAwaitingKeyframe
}
