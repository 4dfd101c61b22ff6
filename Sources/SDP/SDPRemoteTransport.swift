/// The transport parameters a peer announced for the bundled transport: ICE credentials and
/// candidates, DTLS fingerprints and setup role, read from the BUNDLE-tag section with the
/// session level as fallback (RFC 8843 §7, RFC 8839 §5, RFC 8122 §5).
struct SDPRemoteTransport {
    var ice: SDPRemoteICEParameters
    var fingerprints: [SDPFingerprint]
    var setupRole: SDPSetupRole?

    init(description: SDPSessionDescription, tag section: SDPMediaDescription) throws(SDPNegotiationError) {
        guard let ufrag = section.iceUfrag ?? description.iceUfrag,
              let pwd = section.icePwd ?? description.icePwd, !ufrag.isEmpty, !pwd.isEmpty else {
            throw .missingICECredentials
        }
        let fingerprints = section.fingerprints.isEmpty ? description.fingerprints : section.fingerprints
        guard !fingerprints.isEmpty else { throw .missingFingerprint }
        ice = SDPRemoteICEParameters(
            ufrag: ufrag, pwd: pwd, isLite: description.isICELite || section.isICELite,
            options: section.iceOptions.isEmpty ? description.iceOptions : section.iceOptions,
            candidates: section.candidates,
            endOfCandidates: section.hasEndOfCandidates || description.hasEndOfCandidates)
        self.fingerprints = fingerprints
        setupRole = section.setupRole ?? description.setupRole
    }
}
