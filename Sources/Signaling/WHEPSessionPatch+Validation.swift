import SDP

extension WHEPSessionPatch {
    /// Reads and checks a PATCH body ([RFC 8840 §9](https://www.rfc-editor.org/rfc/rfc8840#section-9)).
    ///
    /// Nothing is skipped silently: a candidate line that does not parse refuses the whole
    /// fragment, because applying the rest would leave the client believing all went through.
    /// - Throws: `SignalingHTTPRefusal` 400 `malformed-fragment`.
    init(kind: Kind, validating text: String) throws(SignalingHTTPRefusal) {
        let fragment: SDPTrickleFragment
        do {
            fragment = try SDPTrickleFragment(parsing: SDPSessionDescription.normalizedText(text))
        } catch {
            throw WHEPRefusal.malformedFragment(String(describing: error)).httpRefusal
        }
        let written = fragment.values("candidate").count + fragment.media.reduce(0) { $0 + $1.values("candidate").count }
        let candidates = fragment.trickledCandidates
        guard candidates.count == written else {
            throw WHEPRefusal.malformedFragment("\(written - candidates.count) a=candidate line(s) do not parse (RFC 8839 §5.1)")
                .httpRefusal
        }
        let ufrag = fragment.iceUfrag ?? fragment.media.lazy.compactMap(\.iceUfrag).first
        let pwd = fragment.icePwd ?? fragment.media.lazy.compactMap(\.icePwd).first
        if kind == .iceRestart, ufrag == nil || pwd == nil {
            throw WHEPRefusal.malformedFragment("an ICE restart needs the new a=ice-ufrag and a=ice-pwd (RFC 9725 §4.3.2)")
                .httpRefusal
        }
        self.init(kind: kind, iceUfrag: ufrag, icePwd: pwd, candidates: candidates.map(\.candidate.candidateLine),
                  endOfCandidates: fragment.isEndOfCandidates, fragment: text)
    }
}
