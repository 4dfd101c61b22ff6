/// One accepted media section: which payload types, SSRCs, header extensions and feedback the
/// RTP/RTCP handlers of this medium use.
public struct SDPNegotiatedMedia: Equatable, Sendable {
    public var kind: SDPMediaKind
    public var mid: String
    /// Our direction for this medium (`.sendonly` on a camera that streams).
    public var direction: SDPDirection
    public var payloadType: UInt8
    public var clockRate: UInt32
    /// RFC 4588 retransmission payload type paired with `payloadType` by `apt=`.
    public var rtxPayloadType: UInt8?
    /// Video: the remote decoder's H264 profile and level; the encoder must stay within the level.
    public var h264ProfileLevelID: SDPH264ProfileLevelID?
    /// The peer's fmtp for the chosen codec (Opus `useinbandfec`, `stereo`, …).
    public var remoteParameters: SDPFormatParameters?
    /// Feedback both sides use, as `type[ parameter]` (`nack`, `nack pli`, `transport-cc`).
    public var rtcpFeedback: [String]
    /// Header extensions both sides use, with the ids to write.
    public var extensionMaps: [SDPExtensionMap]
    /// SSRCs the peer announced for this section (media first, then RTX when grouped by FID).
    public var remoteSSRCs: [UInt32]
    public var remoteRTXSSRC: UInt32?
    /// SSRCs we send with, nil when we do not send this medium.
    public var localSSRC: UInt32?
    public var localRTXSSRC: UInt32?
    /// RFC 5506 reduced-size RTCP allowed.
    public var rtcpReducedSize: Bool

    public init(kind: SDPMediaKind, mid: String, direction: SDPDirection, payloadType: UInt8, clockRate: UInt32,
                rtxPayloadType: UInt8? = nil, h264ProfileLevelID: SDPH264ProfileLevelID? = nil,
                remoteParameters: SDPFormatParameters? = nil, rtcpFeedback: [String] = [],
                extensionMaps: [SDPExtensionMap] = [], remoteSSRCs: [UInt32] = [], remoteRTXSSRC: UInt32? = nil,
                localSSRC: UInt32? = nil, localRTXSSRC: UInt32? = nil, rtcpReducedSize: Bool = false) {
        self.kind = kind
        self.mid = mid
        self.direction = direction
        self.payloadType = payloadType
        self.clockRate = clockRate
        self.rtxPayloadType = rtxPayloadType
        self.h264ProfileLevelID = h264ProfileLevelID
        self.remoteParameters = remoteParameters
        self.rtcpFeedback = rtcpFeedback
        self.extensionMaps = extensionMaps
        self.remoteSSRCs = remoteSSRCs
        self.remoteRTXSSRC = remoteRTXSSRC
        self.localSSRC = localSSRC
        self.localRTXSSRC = localRTXSSRC
        self.rtcpReducedSize = rtcpReducedSize
    }

    /// The extension id for a URI, for the RTP writer.
    public func extensionID(_ uri: String) -> UInt8? {
        extensionMaps.first { $0.uri == uri }?.id
    }
}
