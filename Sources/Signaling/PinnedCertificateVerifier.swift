import NIOCore
import NIOSSL
import Synchronization

/// TLS verification by fingerprint, not by CA: accepts the server when the SHA-256
/// of its leaf certificate equals the pinned one (`docs/protocol.md` §2.1), or, on a
/// first pairing without a pin, accepts it and records what was presented so the
/// caller can pin it (trust on first pairing, like SSH).
///
/// Names and validity dates are deliberately not checked: the fingerprint is the
/// identity, and a camera's self-signed certificate has no CA behind it.
final class PinnedCertificateVerifier: Sendable {
    let pinned: CertificateFingerprint?
    private let presentedFingerprint = Mutex<CertificateFingerprint?>(nil)

    init(pinned: CertificateFingerprint?) { self.pinned = pinned }

    /// The leaf fingerprint the server presented, once the handshake got that far.
    var presented: CertificateFingerprint? { presentedFingerprint.withLock { $0 } }

    /// Whether a failed connection failed because of the pin.
    var sawMismatch: Bool {
        guard let pinned, let presented else { return false }
        return presented != pinned
    }

    /// A client handler that verifies with this pin. No SNI: the camera has no name.
    func makeHandler() throws -> NIOSSLClientHandler {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        configuration.certificateVerification = .noHostnameVerification
        let context = try NIOSSLContext(configuration: configuration)
        return try NIOSSLClientHandler(context: context, serverHostname: nil) { certificates, promise in
            guard let leaf = certificates.first, let der = try? leaf.toDERBytes() else {
                promise.succeed(.failed)
                return
            }
            let fingerprint = CertificateFingerprint(derCertificate: der)
            self.presentedFingerprint.withLock { $0 = fingerprint }
            promise.succeed(self.pinned == nil || self.pinned == fingerprint ? .certificateVerified : .failed)
        }
    }

    /// The error to report for a failed connection.
    func clientError(for error: any Error) -> SignalingClientError {
        if let pinned, sawMismatch { return .certificateFingerprintMismatch(expected: pinned, presented: presented) }
        if let clientError = error as? SignalingClientError { return clientError }
        return .transport(String(describing: error))
    }
}
