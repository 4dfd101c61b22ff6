/// `a=group:<semantics> <mid> ...`, [RFC 5888 §5](https://www.rfc-editor.org/rfc/rfc5888#section-5);
/// with `BUNDLE` semantics (RFC 8843) the listed sections share one transport, the first
/// listed being the one whose transport parameters count.
public struct SDPGroup: Equatable, Hashable, Sendable {
    public var semantics: String
    public var mids: [String]

    public init(semantics: String, mids: [String]) {
        self.semantics = semantics
        self.mids = mids
    }

    public init(attributeValue: String?) throws(SDPAttributeFormatError) {
        var fields = try SDPAttributeFields(attributeValue, expected: 1)
        semantics = try fields.text()
        var mids: [String] = []
        while !fields.isEmpty { mids.append(try fields.text()) }
        self.mids = mids
    }

    public var isBundle: Bool { semantics == "BUNDLE" }

    public var attribute: SDPAttribute {
        SDPAttribute("group", ([semantics] + mids).joined(separator: " "))
    }
}
