import Crypto

/// The identity of the camera's TLS certificate: SHA-256 of its DER encoding.
///
/// Viewers pin this value at pairing (trust on first pairing, `docs/protocol.md` §2.1)
/// and refuse any later connection whose leaf certificate hashes differently. Text form
/// is 32 upper-case hex pairs joined by colons, as in SDP `a=fingerprint` (RFC 8122 §5).
public struct CertificateFingerprint: Sendable, Hashable, CustomStringConvertible {
    /// The 32 digest bytes.
    public let bytes: [UInt8]

    /// The fingerprint of a DER-encoded certificate.
    public init(derCertificate: [UInt8]) {
        bytes = Array(SHA256.hash(data: derCertificate))
    }

    /// Parses the colon-separated hex form. Lower-case digits are accepted (people
    /// copy fingerprints from many tools); the canonical output is upper case.
    ///
    /// - Throws: `CertificateFingerprintFormatError`.
    public init(parsing text: String) throws(CertificateFingerprintFormatError) {
        let pairs = text.split(separator: ":", omittingEmptySubsequences: false)
        guard pairs.count == 32 else { throw .wrongPairCount(pairs.count) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        for (index, pair) in pairs.enumerated() {
            guard pair.utf8.count == 2, let byte = UInt8(pair, radix: 16) else { throw .invalidPair(index: index) }
            bytes.append(byte)
        }
        self.bytes = bytes
    }

    /// `AB:CD:…`, 95 characters.
    public var description: String {
        bytes.map { byte in
            let text = String(byte, radix: 16, uppercase: true)
            return byte < 16 ? "0" + text : text
        }.joined(separator: ":")
    }
}

/// Why a text is not a certificate fingerprint.
public enum CertificateFingerprintFormatError: Error, Sendable, Equatable {
    /// Not 32 colon-separated pairs (the count found).
    case wrongPairCount(Int)
    /// The pair at this index is not two hex digits.
    case invalidPair(index: Int)
}
