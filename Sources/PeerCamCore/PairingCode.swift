import Crypto

/// A one-time pairing code: 8 Crockford base32 symbols (40 bits), shown as `XXXX-XXXX`.
///
/// A person reads it off the camera's console and types it into the viewer, so the
/// alphabet has no I, L, O or U, input ignores case, hyphens and spaces, and the
/// look-alikes I/L/O typed by mistake are read as 1/1/0. 40 bits are plenty for a
/// code that lives minutes and allows a handful of wrong guesses (`PairingCodeBook`).
///
/// `description` hides the code, so logging a value never leaks a live code;
/// show it to the operator with `displayText`.
public struct PairingCode: Sendable, Hashable, CustomStringConvertible, CustomReflectable {
    /// Number of symbols, hyphen excluded.
    public static let symbolCount = 8

    /// The 8 canonical upper-case symbols without hyphen, e.g. `7K3QM9XD`.
    public let canonicalText: String

    /// Reads a code as a person typed it.
    ///
    /// - Throws: `PairingCodeFormatError` if, after removing hyphens and spaces, the text
    ///   is not 8 symbols or contains a character outside the alphabet (U included).
    public init(typed text: String) throws(PairingCodeFormatError) {
        var symbols: [UInt8] = []
        symbols.reserveCapacity(Self.symbolCount)
        for (offset, byte) in text.utf8.enumerated() {
            if byte == UInt8(ascii: "-") || byte == UInt8(ascii: " ") { continue }
            guard let value = CrockfordBase32.value(ofTyped: byte) else { throw .invalidCharacter(offset: offset) }
            symbols.append(CrockfordBase32.alphabet[Int(value)])
        }
        guard symbols.count == Self.symbolCount else { throw .wrongLength(symbols.count) }
        canonicalText = String(decoding: symbols, as: UTF8.self)
    }

    /// A fresh code from `generator` (the system CSPRNG unless a test seeds one).
    public static func random<Generator: RandomNumberGenerator>(using generator: inout Generator) -> PairingCode {
        let bytes = (0..<5).map { _ -> UInt8 in generator.next() }  // 40 bits = 8 symbols
        return PairingCode(canonicalText: BinaryText.encode(bytes, alphabet: CrockfordBase32.alphabet, bitsPerSymbol: 5))
    }

    private init(canonicalText: String) { self.canonicalText = canonicalText }

    /// `XXXX-XXXX`, the form to show a person.
    public var displayText: String {
        String(canonicalText.prefix(4)) + "-" + String(canonicalText.suffix(4))
    }

    /// SHA-256 of the canonical text: the only form a `PairingCodeBook` keeps, so a
    /// memory or log dump of the book does not show live codes.
    public var digest: [UInt8] { Array(SHA256.hash(data: Array(canonicalText.utf8))) }

    public var description: String { "PairingCode(****-****)" }
    /// No children, so `dump` and debuggers do not show the code either.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}

/// Why typed text is not a pairing code.
public enum PairingCodeFormatError: Error, Sendable, Equatable {
    /// Not 8 symbols once hyphens and spaces are removed (the count found).
    case wrongLength(Int)
    /// The byte at this offset of the typed text is outside Crockford's alphabet.
    case invalidCharacter(offset: Int)
}
