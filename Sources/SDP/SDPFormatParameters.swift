/// `a=fmtp:<format> <parameters>`, [RFC 8866 §6.15](https://www.rfc-editor.org/rfc/rfc8866#section-6.15):
/// codec parameters such as H264 `profile-level-id` (RFC 6184 §8.1) or Opus `useinbandfec`
/// (RFC 7587 §6.1). Parameters are `;`-separated `name=value` pairs, kept in order.
public struct SDPFormatParameters: Equatable, Hashable, Sendable {
    public var format: String
    public var parameters: [Parameter]

    public struct Parameter: Equatable, Hashable, Sendable {
        public var name: String
        /// nil for bare values such as telephone-event's `0-15`.
        public var value: String?
        public init(_ name: String, _ value: String?) {
            self.name = name
            self.value = value
        }
    }

    public init(format: String, parameters: [Parameter]) {
        self.format = format
        self.parameters = parameters
    }

    public init(attributeValue: String?) throws(SDPAttributeFormatError) {
        var fields = try SDPAttributeFields(attributeValue, expected: 2)
        format = try fields.text()
        parameters = fields.rest.split(separator: ";").compactMap { item in
            let trimmed = item.trimmingSpaces
            guard !trimmed.isEmpty else { return nil }
            guard let equals = trimmed.firstIndex(of: "=") else { return Parameter(String(trimmed), nil) }
            return Parameter(String(trimmed[..<equals]).trimmingSpaces,
                             String(trimmed[trimmed.index(after: equals)...]).trimmingSpaces)
        }
    }

    /// The value of a parameter, names compared case-insensitively (RFC 6184 §8.1).
    public subscript(name: String) -> String? {
        let wanted = name.lowercased()
        return parameters.first { $0.name.lowercased() == wanted }?.value
    }

    public var attribute: SDPAttribute {
        let text = parameters.map { parameter in parameter.value.map { "\(parameter.name)=\($0)" } ?? parameter.name }
        return SDPAttribute("fmtp", "\(format) \(text.joined(separator: ";"))")
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        var text = Substring(self)
        while let first = text.first, first == " " || first == "\t" { text = text.dropFirst() }
        while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
        return String(text)
    }
}
