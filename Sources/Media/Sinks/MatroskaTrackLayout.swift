/// The tracks a Matroska recording will hold, fixed before the first block
/// (Matroska writes Tracks before any Cluster).
public struct MatroskaTrackLayout: Sendable, Equatable {
    /// H264 video, track 1. Its CodecPrivate comes from the first keyframe.
    public var hasVideo: Bool
    /// Opus audio: channel count (1 or 2), or nil for none. Track 2 with video, else 1.
    public var audioChannelCount: Int?
    /// The Opus encoder's lookahead in 48 kHz samples, written as OpusHead
    /// pre-skip and CodecDelay. 312 is what libopus reports for VoIP/audio.
    public var opusPreSkip: Int
    /// A new cluster starts at every video keyframe and at the latest after this
    /// long. A killed writer loses at most the cluster in progress, so this also
    /// bounds the loss for audio-only recordings. At most 5 s.
    public var maximumClusterDuration: MediaDuration

    public init(hasVideo: Bool, audioChannelCount: Int?, opusPreSkip: Int = 312,
                maximumClusterDuration: MediaDuration = .seconds(5)) {
        self.hasVideo = hasVideo
        self.audioChannelCount = audioChannelCount
        self.opusPreSkip = opusPreSkip
        self.maximumClusterDuration = min(maximumClusterDuration, .seconds(5))
    }

    public static let videoAndStereo = MatroskaTrackLayout(hasVideo: true, audioChannelCount: 2)

    var videoTrackNumber: UInt8 { 1 }
    var audioTrackNumber: UInt8 { hasVideo ? 2 : 1 }
}
