import COpenSSL
import Foundation

/// An ECDSA P-256 key and the self-signed certificate DTLS presents with it.
///
/// Make one when an agent first starts and keep it (``pem`` / ``init(pem:)``): generation
/// costs a key pair and a signature, which must not sit on the connection path, and a stable
/// certificate keeps the SDP fingerprint stable. ECDSA rather than RSA because aiortc and
/// browsers negotiate ECDHE-ECDSA suites
/// ([RFC 8827 §6.5](https://www.rfc-editor.org/rfc/rfc8827#section-6.5)).
///
/// - Important: Immutable after creation; OpenSSL only reads the key and certificate when a
///   transport uses them, so one instance can serve any number of transports on any thread.
public final class DTLSCertificate: @unchecked Sendable {
    /// `X509 *`, owned.
    let certificate: OpaquePointer
    /// `EVP_PKEY *`, owned.
    let privateKey: OpaquePointer

    /// The SHA-256 fingerprint to put in `a=fingerprint`.
    public let fingerprint: DTLSFingerprint
    /// When the certificate stops being valid: regenerate a persisted one before then.
    public let expiry: Date

    /// Generates a fresh P-256 key and a self-signed certificate for it.
    /// - Parameters:
    ///   - commonName: subject and issuer CN; peers ignore it, it only helps someone reading a capture.
    ///   - validityDays: how long the certificate stays valid, 1 to 36 500 days. WebRTC peers
    ///     pin the fingerprint rather than trust dates, but a strict peer may still refuse an
    ///     expired certificate, so regenerate a persisted one before ``expiry``.
    public static func generate(commonName: String = "PeerCam", validityDays: Int = 365)
        throws(DTLSCertificateError) -> DTLSCertificate
    {
        guard (1...36_500).contains(validityDays) else { throw .validityOutOfRange(days: validityDays) }
        guard let key = CPeerCam_EVP_EC_gen("P-256") else {
            throw .generationFailed(OpenSSLErrorQueue.drain())
        }
        guard let certificate = X509_new() else {
            EVP_PKEY_free(key)
            throw .generationFailed(OpenSSLErrorQueue.drain())
        }
        do throws(DTLSCertificateError) {
            try fill(certificate, key: key, commonName: commonName, validityDays: validityDays)
            return try DTLSCertificate(taking: certificate, privateKey: key)
        } catch {
            X509_free(certificate)
            EVP_PKEY_free(key)
            throw error
        }
    }

    /// Loads a key and certificate saved with ``pem``, in either order in the text.
    /// - Throws: `.pemInvalid` when either part is missing or unreadable, `.keyDoesNotMatchCertificate`
    ///   when they do not belong together, `.keyNotECDSA` for a key WebRTC peers would refuse.
    public convenience init(pem: String) throws(DTLSCertificateError) {
        let bytes = Array(pem.utf8)
        guard let certificate = Self.readPEM(bytes, PEM_read_bio_X509) else {
            throw .pemInvalid("no certificate: " + OpenSSLErrorQueue.drain())
        }
        guard let key = Self.readPEM(bytes, PEM_read_bio_PrivateKey) else {
            X509_free(certificate)
            throw .pemInvalid("no private key: " + OpenSSLErrorQueue.drain())
        }
        do throws(DTLSCertificateError) {
            guard EVP_PKEY_get_base_id(key) == EVP_PKEY_EC else { throw .keyNotECDSA }
            guard X509_check_private_key(certificate, key) == 1 else {
                OpenSSLErrorQueue.discard()
                throw .keyDoesNotMatchCertificate
            }
            try self.init(taking: certificate, privateKey: key)
        } catch {
            X509_free(certificate)
            EVP_PKEY_free(key)
            throw error
        }
    }

    private init(taking certificate: OpaquePointer, privateKey: OpaquePointer) throws(DTLSCertificateError) {
        guard let fingerprint = DTLSFingerprint.digest(of: certificate, algorithm: "sha-256") else {
            throw .generationFailed("SHA-256 digest: " + OpenSSLErrorQueue.drain())
        }
        var time = tm()
        guard ASN1_TIME_to_tm(X509_get0_notAfter(certificate), &time) == 1 else {
            throw .pemInvalid("unreadable notAfter: " + OpenSSLErrorQueue.drain())
        }
        self.certificate = certificate
        self.privateKey = privateKey
        self.fingerprint = fingerprint
        expiry = Date(timeIntervalSince1970: TimeInterval(timegm(&time)))
    }

    deinit {
        X509_free(certificate)
        EVP_PKEY_free(privateKey)
    }

    /// The private key (PKCS#8) followed by the certificate, PEM encoded, for saving to disk.
    /// - Important: Contains the private key unencrypted: store it with mode 0600.
    /// - Throws: `.pemEncodingFailed` rather than an empty string an agent might persist.
    public var pem: String {
        get throws(DTLSCertificateError) {
            guard let bio = BIO_new(BIO_s_mem()) else { throw .pemEncodingFailed(OpenSSLErrorQueue.drain()) }
            defer { BIO_free(bio) }
            guard PEM_write_bio_PrivateKey(bio, privateKey, nil, nil, 0, nil, nil) == 1,
                  PEM_write_bio_X509(bio, certificate) == 1 else { throw .pemEncodingFailed(OpenSSLErrorQueue.drain()) }
            var text = [UInt8](repeating: 0, count: Int(BIO_ctrl_pending(bio)))
            let count = BIO_read(bio, &text, Int32(text.count))
            guard count == text.count else { throw .pemEncodingFailed("short read from the memory BIO") }
            return String(decoding: text, as: UTF8.self)
        }
    }

    /// The certificate's fingerprint with another RFC 8122 hash function, for a peer whose
    /// SDP names one other than SHA-256.
    public func fingerprint(algorithm: String) throws(DTLSFingerprintError) -> DTLSFingerprint {
        let token = algorithm.lowercased()
        guard DTLSFingerprint.digestLengths[token] != nil,
              let value = DTLSFingerprint.digest(of: certificate, algorithm: token) else {
            throw .rfc8122UnsupportedHashFunction(algorithm)
        }
        return value
    }

    private static func fill(_ certificate: OpaquePointer, key: OpaquePointer, commonName: String,
                             validityDays: Int) throws(DTLSCertificateError) {
        var serial: UInt32 = 0
        _ = withUnsafeMutableBytes(of: &serial) { RAND_bytes($0.baseAddress, 4) }
        let day = 24 * 60 * 60
        guard let name = X509_get_subject_name(certificate),
              X509_set_version(certificate, 2) == 1,  // X.509 v3
              ASN1_INTEGER_set(X509_get_serialNumber(certificate), Int(serial & 0x7fff_ffff) | 1) == 1,
              // Backdated a day so a peer whose clock runs behind still accepts it.
              X509_gmtime_adj(X509_getm_notBefore(certificate), -day) != nil,
              X509_gmtime_adj(X509_getm_notAfter(certificate), validityDays * day) != nil,
              X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, commonName, -1, -1, 0) == 1,
              X509_set_issuer_name(certificate, name) == 1,
              X509_set_pubkey(certificate, key) == 1,
              X509_sign(certificate, key, EVP_sha256()) > 0
        else { throw .generationFailed(OpenSSLErrorQueue.drain()) }
    }

    private static func readPEM(
        _ bytes: [UInt8],
        _ read: (OpaquePointer?, UnsafeMutablePointer<OpaquePointer?>?, (@convention(c) (UnsafeMutablePointer<CChar>?, Int32, Int32, UnsafeMutableRawPointer?) -> Int32)?, UnsafeMutableRawPointer?) -> OpaquePointer?
    ) -> OpaquePointer? {
        bytes.withUnsafeBytes { buffer in
            guard let bio = BIO_new_mem_buf(buffer.baseAddress, Int32(buffer.count)) else { return nil }
            defer { BIO_free(bio) }
            return read(bio, nil, nil, nil)
        }
    }
}
