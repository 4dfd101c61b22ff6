/// One H264 access unit (all NAL units of one picture) in Annex-B form: each NAL
/// unit preceded by a `00 00 00 01` start code.
public struct EncodedVideoFrame: Sendable {
    public var annexB: [UInt8]
    /// True for an IDR picture (decodable on its own; SPS and PPS come first).
    public var isKeyframe: Bool
    public var width: Int
    public var height: Int
    /// Capture time of the picture, on the monotonic clock.
    public var timestamp: MediaTime
    public var sequenceNumber: UInt64

    public init(annexB: [UInt8], isKeyframe: Bool, width: Int, height: Int, timestamp: MediaTime, sequenceNumber: UInt64) {
        self.annexB = annexB
        self.isKeyframe = isKeyframe
        self.width = width
        self.height = height
        self.timestamp = timestamp
        self.sequenceNumber = sequenceNumber
    }
}

/// One Opus packet (RFC 6716), normally 20 ms of 48 kHz audio.
public struct EncodedAudioPacket: Sendable {
    public var payload: [UInt8]
    public var channelCount: Int
    /// Samples per channel this packet decodes to (960 for 20 ms).
    public var samplesPerChannel: Int
    /// Capture time of the first sample, on the monotonic clock.
    public var timestamp: MediaTime
    public var sequenceNumber: UInt64

    public init(payload: [UInt8], channelCount: Int, samplesPerChannel: Int, timestamp: MediaTime, sequenceNumber: UInt64) {
        self.payload = payload
        self.channelCount = channelCount
        self.samplesPerChannel = samplesPerChannel
        self.timestamp = timestamp
        self.sequenceNumber = sequenceNumber
    }
}
