/// `a=ssrc:<ssrc> <attribute>[:<value>]`, source-level attributes such as `cname` and `msid`,
/// [RFC 5576 §4.1](https://www.rfc-editor.org/rfc/rfc5576#section-4.1).
public struct SDPSSRCAttribute: Equatable, Hashable, Sendable {
    public var ssrc: UInt32
    public var name: String
    public var value: String?

    public init(ssrc: UInt32, name: String, value: String? = nil) {
        self.ssrc = ssrc
        self.name = name
        self.value = value
    }

    public init(attributeValue: String?) throws(SDPAttributeFormatError) {
        var fields = try SDPAttributeFields(attributeValue, expected: 2)
        ssrc = try fields.number("ssrc-id")
        let attribute = SDPAttribute(text: Substring(fields.rest))
        name = attribute.name
        value = attribute.value
    }

    public var attribute: SDPAttribute {
        SDPAttribute("ssrc", value.map { "\(ssrc) \(name):\($0)" } ?? "\(ssrc) \(name)")
    }
}

/// `a=ssrc-group:<semantics> <ssrc> ...`, e.g. `FID` pairing a media SSRC with its RTX SSRC,
/// [RFC 5576 §4.2](https://www.rfc-editor.org/rfc/rfc5576#section-4.2).
public struct SDPSSRCGroup: Equatable, Hashable, Sendable {
    public var semantics: String
    public var ssrcs: [UInt32]

    public init(semantics: String, ssrcs: [UInt32]) {
        self.semantics = semantics
        self.ssrcs = ssrcs
    }

    public init(attributeValue: String?) throws(SDPAttributeFormatError) {
        var fields = try SDPAttributeFields(attributeValue, expected: 2)
        semantics = try fields.text()
        var ssrcs: [UInt32] = []
        while !fields.isEmpty { ssrcs.append(try fields.number("ssrc-id")) }
        self.ssrcs = ssrcs
    }

    public var attribute: SDPAttribute {
        SDPAttribute("ssrc-group", ([semantics] + ssrcs.map(String.init)).joined(separator: " "))
    }
}
