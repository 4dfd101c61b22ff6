/// Why the value of a known attribute was refused.
///
/// Shared by every typed attribute parser so a single candidate line received by trickle
/// ICE reports the same reasons as a candidate inside a full description.
public enum SDPAttributeFormatError: Error, Equatable, Sendable {
    /// The attribute needs a value (`a=name:value`) but has none.
    case missingValue
    /// The value has too few space-separated fields.
    case tooFewFields(expected: Int, found: Int)
    /// A field that must be a number (in the given range) is not.
    case invalidNumber(field: String, text: String)
    /// A field holds a token that its grammar does not allow.
    case invalidToken(field: String, text: String)
    /// RFC 8122 §5: a fingerprint is colon-separated pairs of hex digits.
    case fingerprintNotHex(String)
    /// RFC 8122 §5: the fingerprint length must match its hash function.
    case fingerprintLength(algorithm: String, expected: Int, found: Int)
    /// RFC 8839 §5.1: a candidate attribute starts with `candidate:`.
    case candidatePrefixMissing
    /// RFC 8839 §5.1: extension attributes come as name/value pairs.
    case candidateExtensionWithoutValue(String)
}
