/// Why a ``DTLSTransport`` call failed.
public enum DTLSTransportError: Error, Sendable, Hashable {
    /// OpenSSL refused the configuration (certificate, cipher list, SRTP profiles, MTU).
    case contextSetupFailed(String)
    /// The peer's certificate does not hash to the fingerprint its SDP announced
    /// ([RFC 8122 §6.2](https://www.rfc-editor.org/rfc/rfc8122#section-6.2)): someone other
    /// than the signalled peer is answering, or the SDP was altered.
    case rfc8122FingerprintMismatch(expected: DTLSFingerprint, presented: DTLSFingerprint?)
    /// The peer finished the handshake without a certificate (RFC 5763 §5 requires one both ways).
    case rfc5763PeerCertificateMissing
    /// No SRTP profile was agreed through `use_srtp` ([RFC 5764 §4.1.1](https://www.rfc-editor.org/rfc/rfc5764#section-4.1.1)).
    case rfc5764NoSRTPProfileAgreed
    /// The handshake failed for a reason OpenSSL reported (alert received, bad record…).
    case handshakeFailed(String)
    /// The peer stopped answering: every retransmission timed out
    /// ([RFC 6347 §4.2.4](https://www.rfc-editor.org/rfc/rfc6347#section-4.2.4)).
    case rfc6347RetransmissionLimitReached
    /// The peer sent application data; DTLS here only keys SRTP (there is no SCTP).
    case applicationDataNotSupported(byteCount: Int)
    /// More than 64 KiB arrived before ``DTLSTransport/start()``; a real first flight is a
    /// few kilobytes, so the excess is refused rather than held.
    case holdLimitBeforeStartReached(byteCount: Int)
    /// The call needs a state the transport is not in (export before connected, start twice,
    /// data after close).
    indirect case invalidState(DTLSTransportState)
    /// `SSL_export_keying_material` failed.
    case keyingMaterialExportFailed(String)
    /// The connection broke after the handshake (bad record MAC, unexpected message).
    case connectionFailed(String)
}
