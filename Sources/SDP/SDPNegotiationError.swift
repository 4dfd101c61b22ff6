/// Why an offer cannot be served or an answer is refused, naming what is missing.
public enum SDPNegotiationError: Error, Equatable, Sendable {
    /// A medium we require has no section we can accept.
    case missingMedia(SDPMediaKind)
    /// RFC 8829 §5.2.1: every section carries `a=mid` (BUNDLE and the answer need it).
    case missingMid(sectionIndex: Int)
    /// The video section offers no H264 at all.
    case noH264(mid: String)
    /// H264 is offered only with packetization-mode 0 (single NAL), RFC 6184 §6.2; we fragment (FU-A).
    case noH264PacketizationMode1(mid: String)
    /// H264 packetization-mode 1 is offered only in profiles whose decoders cannot take our
    /// Constrained Baseline stream; `offered` lists their profile-level-ids.
    case noCompatibleH264Profile(mid: String, offered: [String])
    /// The audio section offers no Opus 48000/2 (RFC 7587 §7).
    case noOpus(mid: String)
    /// The sections cannot share the one ICE component PeerCam runs.
    case noBundleableTransport(SDPTransportProblem)
    /// RFC 5763 §5: a DTLS-SRTP peer must announce its certificate fingerprint.
    case missingFingerprint
    /// RFC 8839 §5.4: `a=ice-ufrag` and `a=ice-pwd` are required.
    case missingICECredentials
    /// RFC 5763 §5: offers use `actpass`, answers `active` or `passive`; anything else is refused.
    case unsupportedSetupRole(SDPSetupRole)
    /// The peer's direction leaves us nothing to do on a section we need
    /// (a camera asked to only receive, a viewer offered nothing to receive).
    case mediaDirection(mid: String, remote: SDPDirection)
    /// The answer's sections do not line up with the offer's (RFC 3264 §6: same count, same order).
    case answerDoesNotMatchOffer(sectionIndex: Int)
    /// The answer chose a payload type we did not offer for that codec (RFC 3264 §6.1).
    case answerCodecNotOffered(mid: String, payloadType: UInt8)
}

/// What stops the offered sections from sharing one transport.
public enum SDPTransportProblem: Equatable, Sendable {
    /// Several sections accepted but no `a=group:BUNDLE` covers them (RFC 8843).
    case noBundleGroup
    /// A section we accept is outside the BUNDLE group.
    case sectionOutsideBundle(mid: String)
    /// RFC 8843 §9.3 / RFC 5761: RTP and RTCP must be multiplexed on the one component.
    case missingRTCPMux(mid: String)
    /// Not DTLS-SRTP with feedback (`UDP/TLS/RTP/SAVPF`, RFC 5764 §8).
    case unsupportedProtocol(mid: String, transportProtocol: String)
}
