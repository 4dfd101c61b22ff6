/// What this side brings to an offer/answer exchange: its ICE credentials, DTLS certificate
/// fingerprint, gathered candidates, the direction it wants and which media it needs.
///
/// Negotiation functions are pure: everything random (credentials, SSRCs, session id) is
/// chosen by the caller and passed in here, so the same inputs always give the same SDP.
public struct SDPLocalParameters: Equatable, Sendable {
    public var iceUfrag: String
    public var icePwd: String
    /// RFC 8445 §2.5: a lite agent only answers checks (not used by PeerCam agents today).
    public var iceLite: Bool
    public var iceOptions: [String]
    public var fingerprints: [SDPFingerprint]
    /// Candidates known when the description is made; more may follow by trickle.
    public var candidates: [SDPCandidate]
    /// Adds `a=end-of-candidates` (RFC 8838 §8.2) when gathering finished before the SDP was made.
    public var endOfCandidates: Bool
    /// What we want for every medium: `.sendonly` for the camera, `.recvonly` for a viewer.
    public var direction: SDPDirection
    /// Per-medium exceptions to `direction` (a camera with two-way audio: `audioDirection = .sendrecv`).
    public var videoDirection: SDPDirection?
    public var audioDirection: SDPDirection?
    public var video: SDPMediaRequirement
    public var audio: SDPMediaRequirement
    /// SSRCs we send with; announced in `a=ssrc` lines when `direction` sends.
    public var ssrcs: SDPLocalSSRCs
    /// RTCP CNAME (RFC 7022) and MediaStream id of the tracks we send.
    public var cname: String
    public var streamID: String
    /// `o=` session id and version (RFC 8829 §5.2.1: a 64-bit number as text, version bumped per change).
    public var sessionID: String
    public var sessionVersion: String
    /// RTCP feedback we handle, as `type[ parameter]`; others offered are left out of the answer.
    public var videoFeedback: [String]
    public var audioFeedback: [String]
    /// RTP header extension URIs we write or read, per medium, in the order we offer them.
    public var videoExtensions: [String]
    public var audioExtensions: [String]

    public init(iceUfrag: String, icePwd: String, fingerprints: [SDPFingerprint], direction: SDPDirection,
                ssrcs: SDPLocalSSRCs, sessionID: String, sessionVersion: String = "2",
                candidates: [SDPCandidate] = [], endOfCandidates: Bool = false, iceLite: Bool = false,
                iceOptions: [String] = ["trickle"], video: SDPMediaRequirement = .required,
                audio: SDPMediaRequirement = .optional, cname: String = "peercam", streamID: String = "peercam",
                videoFeedback: [String] = SDPLocalParameters.supportedVideoFeedback,
                audioFeedback: [String] = SDPLocalParameters.supportedAudioFeedback,
                videoExtensions: [String] = SDPLocalParameters.supportedVideoExtensions,
                audioExtensions: [String] = SDPLocalParameters.supportedAudioExtensions) {
        self.iceUfrag = iceUfrag
        self.icePwd = icePwd
        self.iceLite = iceLite
        self.iceOptions = iceOptions
        self.fingerprints = fingerprints
        self.candidates = candidates
        self.endOfCandidates = endOfCandidates
        self.direction = direction
        self.video = video
        self.audio = audio
        self.ssrcs = ssrcs
        self.cname = cname
        self.streamID = streamID
        self.sessionID = sessionID
        self.sessionVersion = sessionVersion
        self.videoFeedback = videoFeedback
        self.audioFeedback = audioFeedback
        self.videoExtensions = videoExtensions
        self.audioExtensions = audioExtensions
    }

    /// NACK and RTX (RFC 4585), PLI and FIR for keyframes (RFC 5104), REMB and transport-cc for
    /// bandwidth estimation.
    public static let supportedVideoFeedback = ["nack", "nack pli", "ccm fir", "goog-remb", "transport-cc"]
    public static let supportedAudioFeedback = ["transport-cc"]

    public static let midExtension = "urn:ietf:params:rtp-hdrext:sdes:mid"
    public static let absSendTimeExtension = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time"
    public static let transportCCExtension = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01"
    public static let audioLevelExtension = "urn:ietf:params:rtp-hdrext:ssrc-audio-level"
    public static let supportedVideoExtensions = [midExtension, absSendTimeExtension, transportCCExtension]
    public static let supportedAudioExtensions = [midExtension, audioLevelExtension, transportCCExtension]

    func requirement(_ kind: SDPMediaKind) -> SDPMediaRequirement { kind == .video ? video : audio }
    /// The direction we want for a medium.
    public func direction(for kind: SDPMediaKind) -> SDPDirection {
        (kind == .video ? videoDirection : audioDirection) ?? direction
    }
    func feedback(_ kind: SDPMediaKind) -> [String] { kind == .video ? videoFeedback : audioFeedback }
    func extensions(_ kind: SDPMediaKind) -> [String] { kind == .video ? videoExtensions : audioExtensions }
}

/// The SSRCs this side sends with (RFC 3550 §8: chosen at random by the caller).
public struct SDPLocalSSRCs: Equatable, Sendable {
    public var video: UInt32
    /// The RTX stream paired with `video` in an `a=ssrc-group:FID` (RFC 4588 §8.1).
    public var videoRTX: UInt32
    public var audio: UInt32

    public init(video: UInt32, videoRTX: UInt32, audio: UInt32) {
        self.video = video
        self.videoRTX = videoRTX
        self.audio = audio
    }
}

/// Whether a medium must be in the session, may be, or is declined.
public enum SDPMediaRequirement: Equatable, Sendable {
    case required, optional, refused
}

/// The media PeerCam negotiates: H264 video and Opus audio.
public enum SDPMediaKind: String, Equatable, Hashable, Sendable {
    case video, audio
}
