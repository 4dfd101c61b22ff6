extension WebRTCSignal {
    /// Largest `sdpMLineIndex` accepted: far above any real session, low enough to
    /// index arrays safely.
    static let maximumMediaLineIndex: Int64 = 255

    /// Reads a `webrtc:signal` payload: exactly one of `sdp`, `candidate`, `endOfCandidates`.
    init(decoding payload: inout JSONObjectReader) throws(SignalingDecodingError) {
        let present = ["sdp", "candidate", "endOfCandidates"].filter { payload.contains($0) }
        guard present.count == 1 else { throw .signalKindNotExactlyOne(found: present.count) }
        switch present[0] {
        case "sdp":
            var sdp = try payload.object("sdp")
            let kindText = try sdp.string("type")
            let text = try sdp.string("sdp")
            try sdp.finish()
            guard let kind = SDPSessionDescription.Kind(rawValue: kindText) else { throw .unknownSDPType(kindText) }
            self = .sessionDescription(SDPSessionDescription(kind: kind, sdp: text))
        case "candidate":
            var candidate = try payload.object("candidate")
            let text = try candidate.string("candidate")
            let mid = try candidate.optionalString("sdpMid")
            let index = try candidate.optionalInteger("sdpMLineIndex")
            let fragment = try candidate.optionalString("usernameFragment")
            try candidate.finish()
            guard text.hasPrefix("candidate:") else { throw .candidateNotAttribute }
            guard mid != nil || index != nil else { throw .candidateWithoutMediaSection }
            if let index, !(0...Self.maximumMediaLineIndex).contains(index) {
                throw .mediaLineIndexOutOfRange(index)
            }
            self = .candidate(ICECandidateDescription(candidate: text, sdpMid: mid,
                                                      sdpMLineIndex: index.map { Int($0) },
                                                      usernameFragment: fragment))
        default:
            guard case .bool(let flag) = payload.value("endOfCandidates") else {
                throw .wrongType(field: "payload.endOfCandidates", expected: .boolean)
            }
            guard flag else { throw .endOfCandidatesNotTrue }
            self = .endOfCandidates
        }
    }
}
