/// An `a=` line: a property attribute (`a=rtcp-mux`) or a value attribute (`a=mid:0`), RFC 8866 §5.13.
///
/// The model keeps attributes as text in their original order so unknown ones survive a round
/// trip unchanged; typed views (`SDPCandidate`, `SDPFingerprint`, …) are read from them and
/// written into them. Known attributes are validated when a description is parsed.
public struct SDPAttribute: Equatable, Hashable, Sendable {
    public var name: String
    public var value: String?

    public init(_ name: String, _ value: String? = nil) {
        self.name = name
        self.value = value
    }

    /// Parses the text after `a=`.
    init(text: Substring) {
        if let colon = text.firstIndex(of: ":") {
            name = String(text[..<colon])
            value = String(text[text.index(after: colon)...])
        } else {
            name = String(text)
            value = nil
        }
    }

    var text: String {
        if let value { return "a=\(name):\(value)" }
        return "a=\(name)"
    }
}
