import CSRTP

/// Why SRTP refused a packet or a key, named after the RFC rule behind libsrtp's
/// `srtp_err_status_t`.
public enum SRTPError: Error, Sendable, Hashable {
    /// The packet's index was already received ([RFC 3711 §3.3.2](https://www.rfc-editor.org/rfc/rfc3711#section-3.3.2)).
    case rfc3711ReplayedPacket
    /// The packet's index is older than the replay window still remembers (RFC 3711 §3.3.2).
    case rfc3711OutsideReplayWindow
    /// The authentication tag does not verify: tampered, or keyed differently
    /// ([RFC 3711 §3.4](https://www.rfc-editor.org/rfc/rfc3711#section-3.4), RFC 7714 §9.2).
    case rfc3711AuthenticationFailed
    /// Too short to be RTP (12 bytes) or RTCP (8 bytes) plus what SRTP needs, or a header
    /// libsrtp cannot parse.
    case malformedPacket(byteCount: Int)
    /// The master key reached its packet limit and must be renegotiated (RFC 3711 §9.2).
    case rfc3711KeyExpired
    /// The exporter gave a different number of bytes than the profile needs (RFC 5764 §4.2).
    case rfc5764KeyingMaterialLengthMismatch(expected: Int, actual: Int)
    /// The DTLS exporter failed; carries its error.
    case keyingMaterialExportFailed(String)
    /// libsrtp reported another status; the raw `srtp_err_status_t` value.
    case library(status: UInt32)

    init(status: srtp_err_status_t, byteCount: Int, unprotecting: Bool) {
        switch status {
        // GCM reports a failed tag check from its cipher.
        case srtp_err_status_cipher_fail where unprotecting: self = .rfc3711AuthenticationFailed
        case srtp_err_status_replay_fail: self = .rfc3711ReplayedPacket
        case srtp_err_status_replay_old: self = .rfc3711OutsideReplayWindow
        case srtp_err_status_auth_fail: self = .rfc3711AuthenticationFailed
        case srtp_err_status_bad_param, srtp_err_status_parse_err: self = .malformedPacket(byteCount: byteCount)
        case srtp_err_status_key_expired: self = .rfc3711KeyExpired
        default: self = .library(status: status.rawValue)
        }
    }
}
