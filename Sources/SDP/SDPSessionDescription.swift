/// A session description as WebRTC peers exchange it in offers and answers (RFC 8866, RFC 8829).
///
/// The model is faithful rather than interpreted: `v=`, `o=`, `s=` and `m=` are typed, every
/// other line is kept in order, so `SDPSessionDescription(parsing: x).text` parses back to an
/// equal value and keeps lines this module does not understand. Typed views over attributes
/// (candidates, fingerprints, codecs, …) are extensions; negotiation lives in `SDPAnswerer` and
/// `SDPOfferer`.
public struct SDPSessionDescription: Equatable, Hashable, Sendable {
    public var origin: SDPOrigin
    /// `s=`; WebRTC peers write `-`.
    public var sessionName: String
    /// Session-level lines other than `v=`, `o=`, `s=` and `a=` (`t=`, `c=`, `b=`, …), in order.
    public var lines: [SDPLine]
    /// Session-level attributes in order.
    public var attributes: [SDPAttribute]
    public var media: [SDPMediaDescription]

    public init(origin: SDPOrigin, sessionName: String = "-", lines: [SDPLine] = [SDPLine(type: "t", value: "0 0")],
                attributes: [SDPAttribute] = [], media: [SDPMediaDescription] = []) {
        self.origin = origin
        self.sessionName = sessionName
        self.lines = lines
        self.attributes = attributes
        self.media = media
    }

    /// The description as SDP text, every line terminated by CRLF (RFC 8866 §5).
    public var text: String {
        var text = "v=0\r\no=\(origin.value)\r\ns=\(sessionName)\r\n"
        for line in lines { text += line.text + "\r\n" }
        for attribute in attributes { text += attribute.text + "\r\n" }
        for section in media { section.write(into: &text) }
        return text
    }
}
