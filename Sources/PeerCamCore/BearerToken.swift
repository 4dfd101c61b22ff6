import Crypto

/// A bearer credential: 256 random bits that let a paired device use the signaling
/// channel (RFC 6750). On the wire it is 43 characters of unpadded base64url.
///
/// The secret never appears in `description`, `debugDescription`, `dump` or string
/// interpolation: those show only a short fingerprint of its SHA-256 digest, which is
/// what the camera stores and lists. The type is deliberately not `Equatable`: compare
/// a presented token with `BearerTokenDigest.verifies(_:)`, which runs in constant time.
/// Nor is it `Codable`: writing it anywhere must be a visible use of `wireText`.
public struct BearerToken: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Secret length in bytes: 256 bits, beyond brute force for any attacker.
    public static let byteCount = 32
    /// Length of the wire form: ceil(256 / 6) base64url characters.
    public static let wireLength = 43

    private let secret: [UInt8]

    /// A new token from the system's cryptographic random generator.
    public static func generate() -> BearerToken {
        var generator = SystemRandomNumberGenerator()
        return generate(using: &generator)
    }

    /// A new token from `generator`. Production code must use `generate()`; a
    /// seeded generator is only for reproducible tests.
    public static func generate<Generator: RandomNumberGenerator>(using generator: inout Generator) -> BearerToken {
        BearerToken(secret: (0..<byteCount).map { _ -> UInt8 in generator.next() })
    }

    /// Parses a token as presented by a client.
    ///
    /// - Throws: `BearerTokenFormatError` for a wrong length, a character outside the
    ///   base64url alphabet (padding `=` included), or non-zero unused trailing bits.
    ///   The error never contains the presented text.
    public init(parsing wireText: String) throws(BearerTokenFormatError) {
        secret = try Base64URL.decode(wireText, byteCount: Self.byteCount)
    }

    private init(secret: [UInt8]) { self.secret = secret }

    /// The secret in wire form, to put in an `Authorization` header or a pairing response.
    ///
    /// - Important: this is the credential itself. Send it only over the pinned TLS
    ///   connection; never log it or store it (store `digest`).
    public var wireText: String { Base64URL.encode(secret) }

    /// The only form of the token the camera keeps.
    public var digest: BearerTokenDigest { BearerTokenDigest(hashing: secret) }

    public var description: String { "BearerToken(sha256:\(digest.fingerprint)…)" }
    public var debugDescription: String { description }
    /// No children, so `dump` and debuggers show nothing but the type.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}

/// Why a presented text is not a well-formed bearer token.
public enum BearerTokenFormatError: Error, Sendable, Hashable {
    /// Not exactly `BearerToken.wireLength` characters (the length found).
    case wrongLength(Int)
    /// The character at this offset is outside the base64url alphabet (RFC 4648 §5).
    case invalidCharacter(offset: Int)
    /// The last character carries non-zero bits beyond the 256th (RFC 4648 §3.5:
    /// canonical encodings only, so one token has one spelling).
    case nonCanonicalTrailingBits
}
