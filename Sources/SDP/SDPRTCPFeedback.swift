/// `a=rtcp-fb:<payload type|*> <type> [<parameter>]`,
/// [RFC 4585 §4.2](https://www.rfc-editor.org/rfc/rfc4585#section-4.2): `nack`, `nack pli`,
/// `ccm fir` (RFC 5104), `goog-remb`, `transport-cc`.
public struct SDPRTCPFeedback: Equatable, Hashable, Sendable {
    /// A payload type or `*` for every format of the section.
    public var format: String
    public var type: String
    public var parameter: String?

    public init(format: String, type: String, parameter: String? = nil) {
        self.format = format
        self.type = type
        self.parameter = parameter
    }

    public init(attributeValue: String?) throws(SDPAttributeFormatError) {
        var fields = try SDPAttributeFields(attributeValue, expected: 2)
        format = try fields.text()
        guard format == "*" || format.allSatisfy(\.isASCIIDigit) else {
            throw .invalidToken(field: "rtcp-fb-pt", text: format)
        }
        type = try fields.text()
        parameter = fields.isEmpty ? nil : fields.rest
    }

    /// Type and parameter, the part that says what kind of feedback it is.
    public var kind: String { parameter.map { "\(type) \($0)" } ?? type }

    public var attribute: SDPAttribute { SDPAttribute("rtcp-fb", "\(format) \(kind)") }
}
