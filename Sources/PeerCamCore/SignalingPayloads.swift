// Payload value types of the signaling messages; each is documented with its JSON
// form in docs/protocol.md § Messages.

/// Which media a viewer wants. At least one must be true.
public struct StreamMedia: Sendable, Hashable {
    public var video: Bool
    public var audio: Bool

    public init(video: Bool, audio: Bool) {
        self.video = video
        self.audio = audio
    }
}

/// Payload of `stream:request`.
public struct StreamRequest: Sendable, Hashable {
    public var media: StreamMedia
    /// The camera to stream from. Omitted in direct mode (the server is the camera);
    /// required by a hub, which serves many.
    public var camera: DeviceID?

    public init(media: StreamMedia, camera: DeviceID? = nil) {
        self.media = media
        self.camera = camera
    }
}

/// Payload of `stream:requested`: who asks, for what.
public struct StreamRequested: Sendable, Hashable {
    public var viewer: DeviceID
    public var media: StreamMedia

    public init(viewer: DeviceID, media: StreamMedia) {
        self.viewer = viewer
        self.media = media
    }
}

/// Payload of `webrtc:signal`: exactly one of an SDP, a trickled candidate, or the
/// end of candidates (RFC 8838 trickle ICE).
public enum WebRTCSignal: Sendable, Hashable {
    case sessionDescription(SDPSessionDescription)
    case candidate(ICECandidateDescription)
    case endOfCandidates
}

/// An SDP offer or answer (RFC 8866 text, RFC 3264 offer/answer role).
public struct SDPSessionDescription: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable { case offer, answer }

    public var kind: Kind
    /// The full SDP text, CRLF line ends as produced by the sender.
    public var sdp: String

    public init(kind: Kind, sdp: String) {
        self.kind = kind
        self.sdp = sdp
    }
}

/// One trickled ICE candidate (RFC 8839 §5.1 `candidate-attribute` without `a=`).
///
/// At least one of `sdpMid` and `sdpMLineIndex` names the media section it belongs
/// to, as in the W3C `RTCIceCandidateInit`; with BUNDLE both name the first section.
public struct ICECandidateDescription: Sendable, Hashable {
    /// e.g. `candidate:1 1 UDP 2122260223 10.0.0.2 50000 typ host`.
    public var candidate: String
    public var sdpMid: String?
    public var sdpMLineIndex: Int?
    /// The ICE ufrag the candidate belongs to (RFC 8840), to tell ICE restarts apart.
    public var usernameFragment: String?

    public init(candidate: String, sdpMid: String?, sdpMLineIndex: Int?, usernameFragment: String? = nil) {
        self.candidate = candidate
        self.sdpMid = sdpMid
        self.sdpMLineIndex = sdpMLineIndex
        self.usernameFragment = usernameFragment
    }
}

/// Payload of `error`: a machine code, a human message, and which message it answers.
public struct SignalingErrorReport: Sendable, Hashable, Error {
    public var code: SignalingErrorCode
    public var message: String
    /// The `id` of the message that caused the error, when the receiver could read it.
    public var re: SignalingMessageID?

    public init(code: SignalingErrorCode, message: String, re: SignalingMessageID? = nil) {
        self.code = code
        self.message = message
        self.re = re
    }
}
