/// Why a certificate could not be made or loaded.
public enum DTLSCertificateError: Error, Sendable, Hashable {
    /// OpenSSL failed while generating the key or signing; carries OpenSSL's reason.
    case generationFailed(String)
    /// A validity period outside 1…36 500 days.
    case validityOutOfRange(days: Int)
    /// The PEM text lacks a certificate or a private key, or one does not parse.
    case pemInvalid(String)
    /// OpenSSL could not write the key or certificate as PEM.
    case pemEncodingFailed(String)
    /// The private key is not the one the certificate was issued for.
    case keyDoesNotMatchCertificate
    /// The key is not ECDSA; WebRTC peers such as aiortc only negotiate ECDHE-ECDSA suites.
    case keyNotECDSA
}
