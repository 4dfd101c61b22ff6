extension SDPNegotiationError: CustomStringConvertible {
    /// A sentence for logs and for the error body sent back to the peer (WHEP 406, signaling
    /// error messages): it names what the offer lacks.
    public var description: String {
        switch self {
        case .missingMedia(let kind): "no usable \(kind.rawValue) section"
        case .missingMid(let index): "media section \(index) has no a=mid"
        case .noH264(let mid): "section \(mid) offers no H264"
        case .noH264PacketizationMode1(let mid): "section \(mid) offers H264 only without packetization-mode=1"
        case .noCompatibleH264Profile(let mid, let offered):
            "section \(mid) offers no H264 profile that decodes Constrained Baseline (offered: \(offered.joined(separator: ", ")))"
        case .noOpus(let mid): "section \(mid) offers no opus/48000/2"
        case .noBundleableTransport(let problem): "sections cannot share one transport: \(problem)"
        case .missingFingerprint: "no a=fingerprint"
        case .missingICECredentials: "no a=ice-ufrag/a=ice-pwd"
        case .unsupportedSetupRole(let role): "a=setup:\(role.rawValue) is not allowed here"
        case .mediaDirection(let mid, let remote): "section \(mid) is \(remote.rawValue), which leaves nothing for us to do"
        case .answerDoesNotMatchOffer(let index): "answer section \(index) does not match the offer"
        case .answerCodecNotOffered(let mid, let payloadType): "answer section \(mid) chose payload type \(payloadType), which was not offered"
        }
    }
}

extension SDPTransportProblem: CustomStringConvertible {
    public var description: String {
        switch self {
        case .noBundleGroup: "no a=group:BUNDLE"
        case .sectionOutsideBundle(let mid): "section \(mid) is outside the BUNDLE group"
        case .missingRTCPMux(let mid): "section \(mid) has no a=rtcp-mux"
        case .unsupportedProtocol(let mid, let proto): "section \(mid) uses \(proto), not UDP/TLS/RTP/SAVPF"
        }
    }
}
