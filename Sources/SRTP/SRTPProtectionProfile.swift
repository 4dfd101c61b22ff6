import CSRTP

/// The SRTP transforms this session can key, identified by their IANA DTLS-SRTP profile
/// numbers ([RFC 5764 §4.1.2](https://www.rfc-editor.org/rfc/rfc5764#section-4.1.2),
/// [RFC 7714 §14.2](https://www.rfc-editor.org/rfc/rfc7714#section-14.2)) so the owner can map
/// from whatever negotiated them by raw value.
public enum SRTPProtectionProfile: UInt16, Sendable, Hashable, CaseIterable {
    /// AES-128 counter mode, HMAC-SHA1 80-bit tag ([RFC 3711 §5](https://www.rfc-editor.org/rfc/rfc3711#section-5)).
    case aes128CMHMACSHA1_80 = 0x0001
    /// AES-128-GCM AEAD, 16-byte tag ([RFC 7714](https://www.rfc-editor.org/rfc/rfc7714)).
    case aeadAES128GCM = 0x0007

    /// Master key bytes.
    public var keyLength: Int { 16 }

    /// Master salt bytes: 112 bits for counter mode, 96 bits for GCM (RFC 7714 §12).
    public var saltLength: Int {
        switch self {
        case .aes128CMHMACSHA1_80: 14
        case .aeadAES128GCM: 12
        }
    }

    /// Bytes the DTLS exporter must produce: two keys and two salts (RFC 5764 §4.2).
    public var keyingMaterialLength: Int { 2 * (keyLength + saltLength) }

    /// Fills libsrtp's RTP and RTCP crypto policies for this profile.
    func configure(_ policy: inout srtp_policy_t) {
        switch self {
        case .aes128CMHMACSHA1_80:
            // libsrtp's defaults are AES_CM_128_HMAC_SHA1_80 (the named setter is a macro).
            srtp_crypto_policy_set_rtp_default(&policy.rtp)
            srtp_crypto_policy_set_rtcp_default(&policy.rtcp)
        case .aeadAES128GCM:
            srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy.rtp)
            srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy.rtcp)
        }
    }
}
