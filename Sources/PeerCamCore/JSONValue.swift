import Foundation

/// A JSON document as a tree: `JSONParser` builds it from untrusted input so the
/// signaling decoder can check every field itself and report exactly which rule a
/// message breaks (a `Decodable` struct would fold most of them into one opaque
/// `DecodingError`); encoding goes through `JSONEncoder`.
enum JSONValue: Sendable, Hashable, Encodable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// The JSON kinds named in `SignalingDecodingError.wrongType`.
    var kind: JSONKind {
        switch self {
        case .null: .null
        case .bool: .boolean
        case .integer: .integer
        case .number: .number
        case .string: .string
        case .array: .array
        case .object: .object
        }
    }

    /// Compact UTF-8 JSON with sorted keys, so equal values encode to equal bytes.
    func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // A tree of strings, bools, integers and finite numbers always encodes.
        return (try? Array(encoder.encode(self))) ?? []
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}

/// The kind of a JSON value, as named in error messages and `docs/protocol.md`.
public enum JSONKind: String, Sendable, Hashable {
    case null, boolean, integer, number, string, array, object
}
