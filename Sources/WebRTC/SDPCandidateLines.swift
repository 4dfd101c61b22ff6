/// Puts gathered ICE candidates into an SDP offer that was made before gathering finished,
/// for a WHEP POST that carries everything at once (`PeerConnection.createOfferWithCandidates`) ([RFC 8839 §5.1](https://www.rfc-editor.org/rfc/rfc8839#section-5.1),
/// [RFC 8838 §8.2](https://www.rfc-editor.org/rfc/rfc8838#section-8.2)).
///
/// Every media section gets every candidate and `a=end-of-candidates`: with BUNDLE only the
/// first section's count, and repeating them keeps a peer that reads another section happy.
public enum SDPCandidateLines {
    public static func adding(_ candidates: [String], to sdp: String) -> String {
        // "\r\n" is one Character in Swift: split on scalars, not characters.
        let lines = sdp.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
            .map { String(String.UnicodeScalarView($0.last == "\r" ? $0.dropLast() : $0[...])) }
        let additions = candidates.map { $0.hasPrefix("a=") ? $0 : "a=" + $0 } + ["a=end-of-candidates"]
        var result: [String] = []
        var inMedia = false
        for line in lines where !line.isEmpty {
            if line.hasPrefix("m=") {
                if inMedia { result += additions }
                inMedia = true
            }
            if line.hasPrefix("a=candidate:") || line == "a=end-of-candidates" { continue }
            result.append(line)
        }
        if inMedia { result += additions }
        return result.joined(separator: "\r\n") + "\r\n"
    }
}
