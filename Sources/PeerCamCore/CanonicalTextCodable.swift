/// A value stored and sent as one canonical string (ids, token digests): `Codable`
/// as that string, and decoding re-checks every rule, so a hand-edited file or a
/// hostile peer cannot smuggle in a malformed value.
public protocol CanonicalTextCodable: Codable {
    associatedtype FormatError: Error
    init(canonicalText: String) throws(FormatError)
    var canonicalText: String { get }
}

extension CanonicalTextCodable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        self = try Self(canonicalText: container.decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(canonicalText)
    }
}
