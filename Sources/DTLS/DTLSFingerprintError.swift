/// Why an `a=fingerprint` value was refused, named after the RFC 8122 rule it breaks.
public enum DTLSFingerprintError: Error, Sendable, Hashable {
    /// Not `<hash-func> <hex pairs joined by ':'>` ([RFC 8122 §5](https://www.rfc-editor.org/rfc/rfc8122#section-5)).
    case rfc8122MalformedAttribute(String)
    /// A hash function RFC 8122 does not allow for fingerprints (MD5, MD2, or unknown).
    case rfc8122UnsupportedHashFunction(String)
    /// The digest has the wrong number of bytes for its hash function.
    case rfc8122DigestLengthMismatch(algorithm: String, expected: Int, actual: Int)
}
