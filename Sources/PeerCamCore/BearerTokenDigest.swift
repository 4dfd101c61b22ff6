import Crypto

/// The stored form of a `BearerToken`: the SHA-256 digest of its 32 secret bytes.
///
/// A stolen database of digests grants nothing, because a 256-bit random secret
/// cannot be found from its hash. The digest is not secret, so it may be printed
/// (as a short fingerprint) to let an operator tell tokens apart when revoking.
public struct BearerTokenDigest: Sendable, Hashable, CanonicalTextCodable, CustomStringConvertible {
    /// The 32 digest bytes.
    public let bytes: [UInt8]

    init(hashing secret: [UInt8]) {
        bytes = Array(SHA256.hash(data: secret))
    }

    /// Restores a digest from its stored hex form (64 lower-case hex digits).
    ///
    /// - Throws: `BearerTokenDigestFormatError` for a wrong length or a non-hex digit.
    public init(hex: String) throws(BearerTokenDigestFormatError) {
        let digits = Array(hex.utf8)
        guard digits.count == 64 else { throw .wrongLength(digits.count) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        for index in stride(from: 0, to: 64, by: 2) {
            guard let high = Self.nibble(digits[index]), let low = Self.nibble(digits[index + 1]) else {
                throw .invalidDigit(offset: Self.nibble(digits[index]) == nil ? index : index + 1)
            }
            bytes.append(high << 4 | low)
        }
        self.bytes = bytes
    }

    /// 64 lower-case hex digits, the form to store.
    public var hex: String {
        String(decoding: bytes.flatMap { [Self.hexDigits[Int($0 >> 4)], Self.hexDigits[Int($0 & 15)]] },
               as: UTF8.self)
    }

    /// The first 8 hex digits: enough to tell tokens apart in a listing.
    public var fingerprint: String { String(hex.prefix(8)) }

    /// Whether `presented` is the token this digest was made from.
    ///
    /// Runs in time independent of where the digests differ: every byte is compared
    /// and the differences are OR-ed together, with no early exit, so response timing
    /// tells an attacker nothing about how close a guess was.
    public func verifies(_ presented: BearerToken) -> Bool {
        Self.constantTimeEqual(bytes, presented.digest.bytes)
    }

    /// Byte-wise equality without data-dependent branches (lengths are public).
    static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }

    public var description: String { "BearerTokenDigest(\(fingerprint)…)" }

    public init(canonicalText: String) throws(BearerTokenDigestFormatError) { try self.init(hex: canonicalText) }
    public var canonicalText: String { hex }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}

/// Why a stored text is not a token digest.
public enum BearerTokenDigestFormatError: Error, Sendable, Equatable {
    /// Not exactly 64 hex digits (the length found).
    case wrongLength(Int)
    /// The character at this offset is not a lower-case hex digit.
    case invalidDigit(offset: Int)
}
