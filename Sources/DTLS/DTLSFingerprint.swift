import COpenSSL

/// A certificate fingerprint as carried by the SDP `a=fingerprint` attribute.
///
/// WebRTC peers do not trust certificates through a CA: each side sends a self-signed
/// certificate and the signalling channel carries its hash, so the hash is the identity.
/// See [RFC 8122 §5](https://www.rfc-editor.org/rfc/rfc8122#section-5) and
/// [RFC 5763 §5](https://www.rfc-editor.org/rfc/rfc5763#section-5).
public struct DTLSFingerprint: Sendable, Hashable, CustomStringConvertible {
    /// The hash function token, lower case as RFC 8122 registers it (`sha-256`).
    public let algorithm: String
    /// The raw digest bytes.
    public let digest: [UInt8]

    /// Hash functions RFC 8122 §5 allows, with their digest sizes. MD5 and MD2 are excluded
    /// on purpose: RFC 8122 forbids them.
    static let digestLengths: [String: Int] = [
        "sha-1": 20, "sha-224": 28, "sha-256": 32, "sha-384": 48, "sha-512": 64,
    ]

    /// Creates a fingerprint from an algorithm token and digest bytes.
    /// - Throws: `.rfc8122UnsupportedHashFunction` for a token RFC 8122 does not allow,
    ///   `.rfc8122DigestLengthMismatch` when the bytes do not fit the hash function.
    public init(algorithm: String, digest: [UInt8]) throws(DTLSFingerprintError) {
        let token = algorithm.lowercased()
        guard let length = Self.digestLengths[token] else {
            throw .rfc8122UnsupportedHashFunction(algorithm)
        }
        guard digest.count == length else {
            throw .rfc8122DigestLengthMismatch(algorithm: token, expected: length, actual: digest.count)
        }
        self.algorithm = token
        self.digest = digest
    }

    /// Parses the value of an `a=fingerprint:` line, e.g. `sha-256 AB:CD:…`.
    /// Hex digits are accepted in either case (RFC 8122 §5 says upper case, Firefox and
    /// others have been seen sending lower case).
    public init(sdpValue: String) throws(DTLSFingerprintError) {
        let parts = sdpValue.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2 else { throw .rfc8122MalformedAttribute(sdpValue) }
        var bytes: [UInt8] = []
        for pair in parts[1].split(separator: ":", omittingEmptySubsequences: false) {
            guard pair.count == 2, let byte = UInt8(pair, radix: 16) else {
                throw .rfc8122MalformedAttribute(sdpValue)
            }
            bytes.append(byte)
        }
        try self.init(algorithm: String(parts[0]), digest: bytes)
    }

    /// The value for an `a=fingerprint:` line: the algorithm, a space, upper-case hex pairs
    /// joined by colons (RFC 8122 §5).
    public var sdpValue: String { "\(algorithm) \(hexPairs)" }

    /// The digest as colon-separated upper-case hex pairs.
    public var hexPairs: String {
        digest.map { byte in
            let text = String(byte, radix: 16, uppercase: true)
            return byte < 0x10 ? "0" + text : text
        }.joined(separator: ":")
    }

    public var description: String { sdpValue }

    /// Hashes a DER certificate held by OpenSSL with this fingerprint's algorithm.
    /// - Parameter certificate: an `X509 *`.
    static func digest(of certificate: OpaquePointer, algorithm: String) -> DTLSFingerprint? {
        guard let function = messageDigest(named: algorithm) else { return nil }
        var buffer = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard X509_digest(certificate, function, &buffer, &length) == 1 else { return nil }
        return try? DTLSFingerprint(algorithm: algorithm, digest: Array(buffer.prefix(Int(length))))
    }

    private static func messageDigest(named algorithm: String) -> OpaquePointer? {
        switch algorithm {
        case "sha-1": EVP_sha1()
        case "sha-224": EVP_sha224()
        case "sha-256": EVP_sha256()
        case "sha-384": EVP_sha384()
        case "sha-512": EVP_sha512()
        default: nil
        }
    }
}
