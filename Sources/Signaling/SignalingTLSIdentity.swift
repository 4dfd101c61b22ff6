import Crypto
import Foundation
import NIOSSL
import X509

/// The camera's TLS identity for HTTPS/WSS signaling: an ECDSA P-256 key and a
/// self-signed certificate, made on first start and kept in the state directory.
///
/// Viewers do not check names or dates: they pin `fingerprint` (`docs/protocol.md`
/// §2.1). So the certificate must never change once viewers have paired, which is why
/// it is created once and then only loaded; deleting the files means re-pairing.
public struct SignalingTLSIdentity: Sendable {
    /// File names inside the state directory.
    public static let certificateFileName = "signaling-certificate.pem"
    public static let privateKeyFileName = "signaling-key.pem"

    /// The DER-encoded certificate.
    public let certificateDER: [UInt8]
    /// What viewers pin: SHA-256 of `certificateDER`.
    public let fingerprint: CertificateFingerprint
    let certificatePEM: String
    let privateKeyPEM: String

    /// Loads the identity from `stateDirectory`, creating key and certificate the
    /// first time (the key file is written with mode 0600).
    ///
    /// - Parameter commonName: the certificate's subject CN, for humans only.
    public static func loadOrCreate(in stateDirectory: String, commonName: String = "PeerCam camera") throws
        -> SignalingTLSIdentity {
        let files = FileManager.default
        let certificatePath = stateDirectory + "/" + certificateFileName
        let keyPath = stateDirectory + "/" + privateKeyFileName
        switch (files.fileExists(atPath: certificatePath), files.fileExists(atPath: keyPath)) {
        case (true, true):
            return try SignalingTLSIdentity(certificatePEM: String(contentsOfFile: certificatePath, encoding: .utf8),
                                            privateKeyPEM: String(contentsOfFile: keyPath, encoding: .utf8))
        case (true, false), (false, true):
            // Making a new pair would silently change the pinned identity: every viewer
            // would refuse the camera. Let the operator decide.
            throw SignalingTLSIdentityError.incomplete(stateDirectory)
        case (false, false):
            break
        }
        try files.createDirectory(atPath: stateDirectory, withIntermediateDirectories: true,
                                  attributes: [.posixPermissions: 0o700])
        let identity = try make(commonName: commonName)
        guard files.createFile(atPath: keyPath, contents: Data(identity.privateKeyPEM.utf8),
                               attributes: [.posixPermissions: 0o600]),
              files.createFile(atPath: certificatePath, contents: Data(identity.certificatePEM.utf8),
                               attributes: [.posixPermissions: 0o644])
        else { throw SignalingTLSIdentityError.cannotWrite(stateDirectory) }
        return identity
    }

    /// A fresh identity held in memory only.
    public static func make(commonName: String = "PeerCam camera") throws -> SignalingTLSIdentity {
        let key = P256.Signing.PrivateKey()
        let signingKey = Certificate.PrivateKey(key)
        let name = try DistinguishedName { CommonName(commonName) }
        let now = Date()
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: signingKey.publicKey,
            notValidBefore: now.addingTimeInterval(-3600), notValidAfter: now.addingTimeInterval(100 * 365 * 86_400),
            issuer: name, subject: name, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: Certificate.Extensions(), issuerPrivateKey: signingKey)
        return try SignalingTLSIdentity(certificatePEM: certificate.serializeAsPEM().pemString,
                                        privateKeyPEM: key.pemRepresentation)
    }

    init(certificatePEM: String, privateKeyPEM: String) throws {
        self.certificatePEM = certificatePEM
        self.privateKeyPEM = privateKeyPEM
        certificateDER = try NIOSSLCertificate(bytes: Array(certificatePEM.utf8), format: .pem).toDERBytes()
        fingerprint = CertificateFingerprint(derCertificate: certificateDER)
        // Fail at start, not at the first handshake, if the key file is damaged.
        _ = try NIOSSLPrivateKey(bytes: Array(privateKeyPEM.utf8), format: .pem)
    }

    /// Server-side TLS settings: this certificate, TLS 1.2 or later.
    func serverTLSConfiguration() throws -> TLSConfiguration {
        let certificate = try NIOSSLCertificate(bytes: Array(certificatePEM.utf8), format: .pem)
        let key = try NIOSSLPrivateKey(bytes: Array(privateKeyPEM.utf8), format: .pem)
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: [.certificate(certificate)],
                                                                     privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        return configuration
    }
}

/// Why the TLS identity cannot be set up.
public enum SignalingTLSIdentityError: Error, Sendable, Equatable {
    /// The key or certificate file could not be written in this directory.
    case cannotWrite(String)
    /// Only one of the two files is there; remove it to make a new identity (viewers
    /// must then pair again).
    case incomplete(String)
}
