import PeerCamCore

/// Why a viewer-side signaling call failed. Callers branch on it: a refusal with a
/// 401/403 status is an authorisation failure and must not be retried, a transport
/// failure may be.
public enum SignalingClientError: Error, Sendable, Equatable {
    /// The server presented a certificate other than the pinned one: possibly
    /// someone in the middle. Never retried silently.
    case certificateFingerprintMismatch(expected: CertificateFingerprint, presented: CertificateFingerprint?)
    /// The server answered with an HTTP error (`code`/`message` from its JSON body,
    /// or empty when the body was not the §2.4 form).
    case refused(status: Int, code: String, message: String)
    /// The server's answer could not be understood.
    case malformedResponse(String)
    /// Could not connect, or the connection failed (the description says how).
    case transport(String)

    /// Whether retrying with the same credentials is pointless (401, 403, pinning).
    public var isAuthorizationFailure: Bool {
        switch self {
        case .certificateFingerprintMismatch: true
        case .refused(let status, _, _): status == 401 || status == 403
        case .malformedResponse, .transport: false
        }
    }
}
