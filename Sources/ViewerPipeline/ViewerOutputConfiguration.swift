import Media

/// Which outputs a watch session writes; each is optional and independent.
public struct ViewerOutputConfiguration: Sendable {
    /// Decoded video as Y4M (file, FIFO or stdout). Opened at the first decoded picture,
    /// whose size fixes the header.
    public var video: SinkDestination?
    /// Decoded audio as WAV.
    public var audio: SinkDestination?
    /// The original H264 access units and Opus packets as Matroska, no re-encode.
    public var recording: SinkDestination?
    /// The nominal rate written into the Y4M header.
    public var videoFrameRate: (numerator: Int, denominator: Int)

    public init(video: SinkDestination? = nil, audio: SinkDestination? = nil, recording: SinkDestination? = nil,
                videoFrameRate: (numerator: Int, denominator: Int) = (30, 1)) {
        self.video = video
        self.audio = audio
        self.recording = recording
        self.videoFrameRate = videoFrameRate
    }
}

/// One of the pipeline's outputs, for reporting which one ended and why.
public enum ViewerOutputKind: String, Codable, Sendable, CaseIterable {
    case video, audio, recording
}
