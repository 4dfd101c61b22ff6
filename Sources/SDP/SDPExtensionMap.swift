/// `a=extmap:<id>[/<direction>] <uri> [<attributes>]`, an RTP header extension and its local id,
/// [RFC 8285 §8](https://www.rfc-editor.org/rfc/rfc8285#section-8).
public struct SDPExtensionMap: Equatable, Hashable, Sendable {
    /// 1–14 fit the one-byte header, up to 255 the two-byte header.
    public var id: UInt8
    public var direction: SDPDirection?
    public var uri: String
    public var extensionAttributes: String?

    public init(id: UInt8, direction: SDPDirection? = nil, uri: String, extensionAttributes: String? = nil) {
        self.id = id
        self.direction = direction
        self.uri = uri
        self.extensionAttributes = extensionAttributes
    }

    public init(attributeValue: String?) throws(SDPAttributeFormatError) {
        var fields = try SDPAttributeFields(attributeValue, expected: 2)
        let idField = try fields.text().split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        id = try SDPAttributeFields.number(idField[0], name: "extmap id", in: 1...255)
        if idField.count == 2 {
            guard let direction = SDPDirection(rawValue: String(idField[1])) else {
                throw .invalidToken(field: "extmap direction", text: String(idField[1]))
            }
            self.direction = direction
        } else {
            direction = nil
        }
        uri = try fields.text()
        extensionAttributes = fields.isEmpty ? nil : fields.rest
    }

    public var attribute: SDPAttribute {
        var text = direction.map { "\(id)/\($0.rawValue)" } ?? "\(id)"
        text += " \(uri)"
        if let extensionAttributes { text += " \(extensionAttributes)" }
        return SDPAttribute("extmap", text)
    }
}
