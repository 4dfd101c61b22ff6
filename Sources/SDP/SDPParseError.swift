/// Why a session description was refused, and on which line.
///
/// Every parse failure names the 1-based line number of the offending line (for rules about
/// missing lines, the line where the parser noticed) and the RFC 8866 / RFC 8839 rule broken, so
/// a signaling log can say exactly what a peer got wrong.
public struct SDPParseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// 1-based line number.
    public var line: Int
    public var rule: Rule

    public init(line: Int, rule: Rule) {
        self.line = line
        self.rule = rule
    }

    /// The rule broken. Cases are named after the requirement they enforce.
    public enum Rule: Equatable, Sendable {
        /// The input holds no line at all.
        case emptyInput
        /// RFC 8866 §5: every line ends with CRLF (LF tolerated). A final line without a line
        /// terminator means the text was cut off in transit.
        case truncatedInput
        /// RFC 8866 §5: a line is `<type>=<value>` with a one-letter lowercase type.
        case malformedLine
        /// RFC 8866 §5.1: the description starts with `v=`.
        case missingVersion
        /// RFC 8866 §5.1: only version 0 exists.
        case unsupportedVersion(String)
        /// RFC 8866 §5: `o=`, `s=` and `t=` are mandatory at session level.
        case missingField(Character)
        /// RFC 8866 §5.2: `o=<username> <sess-id> <sess-version> <nettype> <addrtype> <address>`.
        case malformedOrigin
        /// RFC 8866 §5.14: `m=<media> <port>[/<number of ports>] <proto> <fmt> ...`.
        case malformedMediaLine
        /// A known attribute whose value does not follow its grammar.
        case badAttribute(name: String, SDPAttributeFormatError)
    }

    public var description: String {
        let text: String
        switch rule {
        case .emptyInput: text = "no SDP lines"
        case .truncatedInput: text = "last line has no line terminator (truncated)"
        case .malformedLine: text = "not a <type>=<value> line"
        case .missingVersion: text = "first line must be v=0"
        case .unsupportedVersion(let version): text = "unsupported version v=\(version)"
        case .missingField(let type): text = "missing mandatory \(type)= line"
        case .malformedOrigin: text = "o= needs six fields"
        case .malformedMediaLine: text = "m= needs <media> <port> <proto> <fmt>..."
        case .badAttribute(let name, let error): text = "a=\(name): \(error)"
        }
        return "SDP line \(line): \(text)"
    }
}
