/// A certificate fingerprint, `a=fingerprint:<hash-func> <hex:pairs>`,
/// [RFC 8122 §5](https://www.rfc-editor.org/rfc/rfc8122#section-5).
///
/// DTLS compares the peer certificate's digest with `bytes`; a malformed or wrongly sized
/// fingerprint is refused at parse time so it can never match by accident.
public struct SDPFingerprint: Equatable, Hashable, Sendable {
    /// Lowercased hash function name (`sha-256`).
    public var algorithm: String
    public var bytes: [UInt8]

    public init(algorithm: String, bytes: [UInt8]) {
        self.algorithm = algorithm.lowercased()
        self.bytes = bytes
    }

    /// Digest sizes of the hash functions of RFC 8122 §5 (`md2`/`md5` are not allowed for DTLS).
    static let digestLengths: [String: Int] = [
        "sha-1": 20, "sha-224": 28, "sha-256": 32, "sha-384": 48, "sha-512": 64,
    ]

    public init(attributeValue: String?) throws(SDPAttributeFormatError) {
        var fields = try SDPAttributeFields(attributeValue, expected: 2)
        let algorithm = try fields.text().lowercased()
        let hex = try fields.text()
        guard fields.isEmpty else { throw .invalidToken(field: "fingerprint", text: fields.rest) }
        guard let expected = Self.digestLengths[algorithm] else {
            throw .invalidToken(field: "hash-func", text: algorithm)
        }
        var bytes: [UInt8] = []
        for pair in hex.split(separator: ":", omittingEmptySubsequences: false) {
            guard pair.count == 2, pair.allSatisfy(\.isHexDigit), let byte = UInt8(pair, radix: 16) else { throw .fingerprintNotHex(hex) }
            bytes.append(byte)
        }
        guard bytes.count == expected else {
            throw .fingerprintLength(algorithm: algorithm, expected: expected, found: bytes.count)
        }
        self.init(algorithm: algorithm, bytes: bytes)
    }

    /// Uppercase colon-separated hex, as browsers write it.
    public var hexText: String {
        bytes.map { byte in
            let digits = String(byte, radix: 16, uppercase: true)
            return digits.count == 1 ? "0" + digits : digits
        }.joined(separator: ":")
    }

    public var attribute: SDPAttribute { SDPAttribute("fingerprint", "\(algorithm) \(hexText)") }
}
