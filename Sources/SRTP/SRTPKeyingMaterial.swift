/// The master keys and salts for both directions of one SRTP session, split out of the DTLS
/// exporter's output by our handshake role.
///
/// RFC 5764 §4.2 lays the exported bytes out as client key, server key, client salt, server
/// salt; the DTLS client protects with the client half and the server with the server half
/// ([RFC 5764 §4.2](https://www.rfc-editor.org/rfc/rfc5764#section-4.2)).
public struct SRTPKeyingMaterial: Sendable, Hashable {
    /// Which side of the DTLS handshake we were, which decides the half we send with.
    public enum Role: Sendable, Hashable {
        case dtlsClient
        case dtlsServer
    }

    /// The RFC 5705 label for DTLS-SRTP.
    public static let exporterLabel = "EXTRACTOR-dtls_srtp"

    public let profile: SRTPProtectionProfile
    /// Master key followed by master salt for what we send.
    public let localMasterKeyAndSalt: [UInt8]
    /// Master key followed by master salt for what the peer sends.
    public let remoteMasterKeyAndSalt: [UInt8]

    /// Splits exported bytes.
    /// - Throws: `.rfc5764KeyingMaterialLengthMismatch` unless exactly
    ///   `profile.keyingMaterialLength` bytes are given.
    public init(exported: [UInt8], profile: SRTPProtectionProfile, role: Role) throws(SRTPError) {
        guard exported.count == profile.keyingMaterialLength else {
            throw .rfc5764KeyingMaterialLengthMismatch(expected: profile.keyingMaterialLength, actual: exported.count)
        }
        let keyLength = profile.keyLength, saltLength = profile.saltLength
        let clientKey = exported[0..<keyLength]
        let serverKey = exported[keyLength..<2 * keyLength]
        let clientSalt = exported[2 * keyLength..<2 * keyLength + saltLength]
        let serverSalt = exported[(2 * keyLength + saltLength)...]
        let client = Array(clientKey + clientSalt), server = Array(serverKey + serverSalt)
        self.profile = profile
        localMasterKeyAndSalt = role == .dtlsClient ? client : server
        remoteMasterKeyAndSalt = role == .dtlsClient ? server : client
    }

    /// Asks an exporter (the DTLS transport) for the profile's keying material and splits it.
    /// - Throws: `.keyingMaterialExportFailed` with the exporter's error described.
    public init(exporter: some SRTPKeyingMaterialExporter, profile: SRTPProtectionProfile,
                role: Role) throws(SRTPError) {
        let exported: [UInt8]
        do {
            exported = try exporter.exportKeyingMaterial(label: Self.exporterLabel, length: profile.keyingMaterialLength)
        } catch {
            throw .keyingMaterialExportFailed(String(describing: error))
        }
        try self.init(exported: exported, profile: profile, role: role)
    }
}
