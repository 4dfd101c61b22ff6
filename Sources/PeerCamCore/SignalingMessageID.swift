/// The sender-chosen `id` of a signaling message: 1–64 bytes of `[A-Za-z0-9._:-]`.
///
/// Replies refer to it (`stream:started.request`, `error.re`), so a client can match
/// answers to its requests. Senders should make ids unique per connection (a counter
/// is enough); receivers never rely on uniqueness for security.
public struct SignalingMessageID: Sendable, Hashable, CustomStringConvertible {
    public static let maximumLength = 64

    public let rawValue: String

    /// - Throws: `SignalingMessageIDFormatError` for an empty, too long or oddly spelled id.
    public init(parsing text: String) throws(SignalingMessageIDFormatError) {
        let bytes = text.utf8
        guard !bytes.isEmpty, bytes.count <= Self.maximumLength else { throw .wrongLength(bytes.count) }
        if let offset = bytes.firstIndex(where: { !Self.isAllowed($0) }).map({ bytes.distance(from: bytes.startIndex, to: $0) }) {
            throw .invalidCharacter(offset: offset)
        }
        rawValue = text
    }

    /// The id `prefix` + `counter` (e.g. `v-17`), for senders that number their messages.
    ///
    /// - Precondition: `prefix` is short and uses only allowed characters.
    public init(prefix: String, counter: UInt64) {
        let text = prefix + String(counter)
        precondition(text.utf8.count <= Self.maximumLength && text.utf8.allSatisfy(Self.isAllowed),
                     "message id prefix must be short and use [A-Za-z0-9._:-]")
        rawValue = text
    }

    public var description: String { rawValue }

    private static func isAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: ":"), UInt8(ascii: "-"): true
        default: false
        }
    }
}

/// Why a text is not a signaling message id.
public enum SignalingMessageIDFormatError: Error, Sendable, Hashable {
    /// Empty or longer than 64 bytes (the length found).
    case wrongLength(Int)
    /// The byte at this offset is outside `[A-Za-z0-9._:-]`.
    case invalidCharacter(offset: Int)
}
