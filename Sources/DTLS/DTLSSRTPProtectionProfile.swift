/// An SRTP protection profile negotiated by the DTLS `use_srtp` extension.
///
/// Raw values are the IANA profile identifiers
/// ([RFC 5764 §4.1.2](https://www.rfc-editor.org/rfc/rfc5764#section-4.1.2),
/// [RFC 7714 §14.2](https://www.rfc-editor.org/rfc/rfc7714#section-14.2)); the SRTP module has
/// its own enum with the same raw values, so the two modules stay independent.
public enum DTLSSRTPProtectionProfile: UInt16, Sendable, Hashable, CaseIterable {
    /// AES-128 counter mode with an 80-bit HMAC-SHA1 tag: what every WebRTC stack supports.
    case aes128CMHMACSHA1_80 = 0x0001
    /// AES-128-GCM AEAD: cheaper per packet, preferred when the peer has it.
    case aeadAES128GCM = 0x0007

    /// The name OpenSSL uses in `SSL_CTX_set_tlsext_use_srtp`.
    var openSSLName: String {
        switch self {
        case .aes128CMHMACSHA1_80: "SRTP_AES128_CM_SHA1_80"
        case .aeadAES128GCM: "SRTP_AEAD_AES_128_GCM"
        }
    }

    /// Bytes of keying material RFC 5764 §4.2 exports for this profile:
    /// two master keys and two master salts.
    public var keyingMaterialLength: Int {
        switch self {
        case .aes128CMHMACSHA1_80: 2 * (16 + 14)
        case .aeadAES128GCM: 2 * (16 + 12)
        }
    }
}
