/// An SDP fragment carrying trickled ICE candidates, `application/trickle-ice-sdpfrag`,
/// [RFC 8840 §9](https://www.rfc-editor.org/rfc/rfc8840#section-9), as WHEP PATCH bodies carry
/// them (RFC 9725 §4.3.1): session-level `a=ice-ufrag`/`a=ice-pwd`/`a=ice-options`, then per
/// media section an `m=` line, `a=mid`, `a=candidate` lines and maybe `a=end-of-candidates`.
///
/// There is no `v=`, `o=` or `s=`; otherwise lines follow the rules of a full description and
/// unknown ones survive a round trip.
public struct SDPTrickleFragment: Equatable, Hashable, Sendable, SDPAttributeList {
    /// Session-level lines other than attributes (rare; kept for the round trip).
    public var lines: [SDPLine]
    public var attributes: [SDPAttribute]
    public var media: [SDPMediaDescription]

    public init(lines: [SDPLine] = [], attributes: [SDPAttribute] = [], media: [SDPMediaDescription] = []) {
        self.lines = lines
        self.attributes = attributes
        self.media = media
    }

    /// A fragment announcing our candidates for the bundled transport, identified by `mid`
    /// and the ICE credentials of the session they belong to (RFC 8840 §9: the ufrag tells an
    /// ICE restart from late candidates).
    public init(ufrag: String, pwd: String, mid: String, media: String = "video", candidates: [SDPCandidate],
                endOfCandidates: Bool = false) {
        var section = SDPMediaDescription(media: media, port: 9, formats: ["0"], lines: [])
        section.attributes.append(SDPAttribute("mid", mid))
        section.attributes += candidates.map(\.attribute)
        if endOfCandidates { section.attributes.append(SDPAttribute("end-of-candidates")) }
        self.init(attributes: [SDPAttribute("ice-ufrag", ufrag), SDPAttribute("ice-pwd", pwd)], media: [section])
    }

    /// Parses a fragment; errors name the line like `SDPSessionDescription(parsing:)` does.
    public init(parsing text: String) throws(SDPParseError) {
        var reader = SDPLineReader(text: text)
        var body = SDPBody(lastLine: 0)
        try body.read(&reader, sessionFields: false)
        guard body.lastLine > 0 else { throw SDPParseError(line: 1, rule: .emptyInput) }
        self.init(lines: body.lines, attributes: body.attributes, media: body.media)
    }

    /// A candidate and the media section (by mid) it was trickled for.
    public struct Candidate: Equatable, Hashable, Sendable {
        public var mid: String?
        public var candidate: SDPCandidate
        public init(mid: String?, candidate: SDPCandidate) {
            self.mid = mid
            self.candidate = candidate
        }
    }

    /// Every candidate of the fragment with its section's mid, session-level ones with none.
    public var trickledCandidates: [Candidate] {
        candidates.map { Candidate(mid: nil, candidate: $0) }
            + media.flatMap { section in section.candidates.map { Candidate(mid: section.mid, candidate: $0) } }
    }

    /// Whether any part of the fragment says gathering is over (RFC 8838 §8.2).
    public var isEndOfCandidates: Bool { hasEndOfCandidates || media.contains { $0.hasEndOfCandidates } }

    /// The fragment as text, CRLF-terminated lines.
    public var text: String {
        var text = ""
        for line in lines { text += line.text + "\r\n" }
        for attribute in attributes { text += attribute.text + "\r\n" }
        for section in media { section.write(into: &text) }
        return text
    }
}
