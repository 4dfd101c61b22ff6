/// A 128-bit random identifier, typed by what it names so that a session id can
/// never be passed where a device id is expected.
///
/// Text form: 26 upper-case Crockford base32 symbols (130 bits, the first two
/// always zero, so the first symbol is `0`–`7`), e.g. `01J9Z3K4M5N6P7Q8R9S0T1V2W3`.
/// 128 random bits make collisions and guessing irrelevant at any fleet size;
/// base32 keeps ids safe in URLs, file names and log lines without quoting.
/// Parsing is exact (no lower case, no look-alikes): ids are machine-written.
/// See `docs/protocol.md` § Identifiers.
public struct Identifier<Kind: IdentifierKind>: Sendable, Hashable, Comparable, CanonicalTextCodable,
    CustomStringConvertible {
    /// The canonical text form.
    public let rawValue: String

    static var symbolCount: Int { 26 }
    static var byteCount: Int { 16 }

    /// Parses an id exactly as it appears on the wire or in storage.
    ///
    /// - Throws: `IdentifierFormatError` naming the first rule the text breaks.
    public init(parsing text: String) throws(IdentifierFormatError) {
        let utf8 = text.utf8
        guard utf8.count == Self.symbolCount else { throw .wrongLength(utf8.count) }
        for (offset, byte) in utf8.enumerated() {
            guard let value = CrockfordBase32.value(ofCanonical: byte) else {
                throw .invalidSymbol(offset: offset)
            }
            if offset == 0, value > 7 { throw .exceeds128Bits }
        }
        rawValue = text
    }

    /// The id whose 128 bits are `bytes` (big-endian).
    ///
    /// - Precondition: `bytes.count == 16`; callers pass a fixed-size buffer they made.
    public init(bytes: [UInt8]) {
        precondition(bytes.count == Self.byteCount, "an Identifier holds exactly 16 bytes")
        // Two leading zero bits pad 128 bits to 26 whole symbols.
        rawValue = BinaryText.encode(bytes, alphabet: CrockfordBase32.alphabet, bitsPerSymbol: 5, leadingZeroBits: 2)
    }

    /// A fresh random id from the system's cryptographic generator.
    public static func random() -> Self {
        var generator = SystemRandomNumberGenerator()
        return random(using: &generator)
    }

    /// A fresh id drawn from `generator` (tests pass a seeded one).
    public static func random<Generator: RandomNumberGenerator>(using generator: inout Generator) -> Self {
        Self(bytes: (0..<byteCount).map { _ -> UInt8 in generator.next() })
    }

    public var description: String { rawValue }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(canonicalText: String) throws(IdentifierFormatError) { try self.init(parsing: canonicalText) }
    public var canonicalText: String { rawValue }
}

/// What an `Identifier` names; a phantom type, never instantiated.
public protocol IdentifierKind: Sendable {}

/// Tag for the stable identity of a paired device (a camera box or a viewer install).
public enum DeviceIdentifierKind: IdentifierKind {}

/// Tag for one streaming session between one viewer and one camera.
public enum SessionIdentifierKind: IdentifierKind {}

/// The stable identity of a paired device: made once (camera at first start,
/// viewer at pairing) and never changed; tokens, revocation and logs refer to it.
public typealias DeviceID = Identifier<DeviceIdentifierKind>

/// Names one streaming session. The camera (or a hub) assigns it when it answers a
/// `stream:request`; every later message of that stream carries it, so one signaling
/// connection can multiplex sessions, and a stale message cannot address a new one.
public typealias SessionID = Identifier<SessionIdentifierKind>

/// Why a text is not a canonical `Identifier`.
public enum IdentifierFormatError: Error, Sendable, Hashable {
    /// Not exactly 26 symbols (the count found is attached).
    case wrongLength(Int)
    /// The byte at this offset is not an upper-case Crockford base32 symbol.
    case invalidSymbol(offset: Int)
    /// The first symbol is above `7`, so the value needs more than 128 bits.
    case exceeds128Bits
}
