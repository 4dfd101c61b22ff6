/// The outcome of an offer/answer exchange, what the PeerConnection layer configures ICE,
/// DTLS, SRTP and the media handlers from.
public struct SDPNegotiatedSession: Equatable, Sendable {
    /// Accepted sections in `m=` order.
    public var media: [SDPNegotiatedMedia]
    /// Mids sharing the one transport, the BUNDLE tag first (RFC 8843 §7).
    public var bundleMids: [String]
    public var remoteICE: SDPRemoteICEParameters
    /// Every fingerprint the peer announced; the certificate must match one (RFC 8122 §5).
    public var remoteFingerprints: [SDPFingerprint]
    /// Our DTLS role: `.active` sends the ClientHello, `.passive` waits (RFC 5763 §5).
    public var localSetupRole: SDPSetupRole

    public init(media: [SDPNegotiatedMedia], bundleMids: [String], remoteICE: SDPRemoteICEParameters,
                remoteFingerprints: [SDPFingerprint], localSetupRole: SDPSetupRole) {
        self.media = media
        self.bundleMids = bundleMids
        self.remoteICE = remoteICE
        self.remoteFingerprints = remoteFingerprints
        self.localSetupRole = localSetupRole
    }

    public var video: SDPNegotiatedMedia? { media.first { $0.kind == .video } }
    public var audio: SDPNegotiatedMedia? { media.first { $0.kind == .audio } }

    /// Whether a peer certificate whose `algorithm` digest is `digest` is the one announced
    /// (RFC 8122 §5: it must match a fingerprint of the same hash function; DTLS computes the
    /// digest and fails the connection on `false`).
    public func announcesCertificate(digest: [UInt8], algorithm: String) -> Bool {
        let algorithm = algorithm.lowercased()
        return remoteFingerprints.contains { $0.algorithm == algorithm && $0.bytes == digest }
    }

    /// The fingerprint to verify first: SHA-256 when offered (what every browser sends).
    public var remoteFingerprint: SDPFingerprint? {
        remoteFingerprints.first { $0.algorithm == "sha-256" } ?? remoteFingerprints.first
    }
}

/// The remote side's ICE parameters for the bundled transport (RFC 8839 §5).
public struct SDPRemoteICEParameters: Equatable, Sendable {
    public var ufrag: String
    public var pwd: String
    public var isLite: Bool
    public var options: [String]
    public var candidates: [SDPCandidate]
    public var endOfCandidates: Bool

    public init(ufrag: String, pwd: String, isLite: Bool = false, options: [String] = [],
                candidates: [SDPCandidate] = [], endOfCandidates: Bool = false) {
        self.ufrag = ufrag
        self.pwd = pwd
        self.isLite = isLite
        self.options = options
        self.candidates = candidates
        self.endOfCandidates = endOfCandidates
    }
}
