import Foundation
import PeerCamCore
import Signaling

/// One paired camera as `viewer-agent pair` saved it: where it is, the certificate pinned at
/// pairing (`docs/protocol.md` §2.1), who it is, and this viewer's identity and token there.
///
/// - Important: `token` is the credential. It lives only in the 0600 file and is never
///   printed or logged; listings show `tokenFingerprint` instead.
public struct StoredCamera: Sendable, Equatable {
    public var url: String
    public var fingerprint: CertificateFingerprint
    public var cameraID: DeviceID
    public var cameraName: String
    /// This viewer install as the camera recorded it.
    public var deviceID: DeviceID
    public var deviceName: String
    public var token: BearerToken
    public var pairedAt: Date

    public init(url: String, fingerprint: CertificateFingerprint, cameraID: DeviceID, cameraName: String,
                deviceID: DeviceID, deviceName: String, token: BearerToken, pairedAt: Date) {
        self.url = url
        self.fingerprint = fingerprint
        self.cameraID = cameraID
        self.cameraName = cameraName
        self.deviceID = deviceID
        self.deviceName = deviceName
        self.token = token
        self.pairedAt = pairedAt
    }

    /// What pairing returned, ready to store.
    public init(paired: PairedCamera, url: String, pairedAt: Date = Date()) {
        self.init(url: url, fingerprint: paired.fingerprint, cameraID: paired.camera.id, cameraName: paired.camera.name,
                  deviceID: paired.device.id, deviceName: paired.device.name, token: paired.token, pairedAt: pairedAt)
    }

    public static func == (lhs: StoredCamera, rhs: StoredCamera) -> Bool {
        lhs.url == rhs.url && lhs.fingerprint == rhs.fingerprint && lhs.cameraID == rhs.cameraID
            && lhs.cameraName == rhs.cameraName && lhs.deviceID == rhs.deviceID && lhs.deviceName == rhs.deviceName
            && lhs.token.digest == rhs.token.digest && lhs.pairedAt == rhs.pairedAt
    }

    /// The first 8 hex digits of the token's SHA-256, as the camera's device list shows them.
    public var tokenFingerprint: String { token.digest.fingerprint }

    /// The credentials the signaling client connects with.
    /// - Throws: `ViewerFailure.usage` when the stored URL is no longer a camera URL.
    public func pairedCamera() throws(ViewerFailure) -> PairedCamera {
        let endpoint: SignalingEndpoint
        do { endpoint = try SignalingEndpoint(url: url) } catch { throw .usage("stored camera URL \(url) is not https://host:port") }
        do {
            return PairedCamera(endpoint: endpoint, fingerprint: fingerprint,
                                device: try DeviceIdentity(id: deviceID, role: .viewer, name: deviceName),
                                token: token, camera: try DeviceIdentity(id: cameraID, role: .camera, name: cameraName))
        } catch {
            throw .usage("stored camera \(cameraName): invalid name: \(error)")
        }
    }
}

extension StoredCamera: Codable {
    private enum CodingKeys: String, CodingKey {
        case url, fingerprint, cameraID = "cameraId", cameraName, deviceID = "deviceId", deviceName, token, pairedAt
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        url = try container.decode(String.self, forKey: .url)
        let fingerprintText = try container.decode(String.self, forKey: .fingerprint)
        do { fingerprint = try CertificateFingerprint(parsing: fingerprintText) } catch {
            throw DecodingError.dataCorruptedError(forKey: .fingerprint, in: container, debugDescription: "not a SHA-256 fingerprint")
        }
        cameraID = try Self.identifier(.cameraID, in: container)
        cameraName = try container.decode(String.self, forKey: .cameraName)
        deviceID = try Self.identifier(.deviceID, in: container)
        deviceName = try container.decode(String.self, forKey: .deviceName)
        let tokenText = try container.decode(String.self, forKey: .token)
        do { token = try BearerToken(parsing: tokenText) } catch {
            // The message must not echo the token text.
            throw DecodingError.dataCorruptedError(forKey: .token, in: container, debugDescription: "not a 43-character bearer token")
        }
        pairedAt = try container.decode(Date.self, forKey: .pairedAt)
    }

    private static func identifier(_ key: CodingKeys, in container: KeyedDecodingContainer<CodingKeys>) throws -> DeviceID {
        let text = try container.decode(String.self, forKey: key)
        do { return try DeviceID(parsing: text) } catch {
            throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "not a device id")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(url, forKey: .url)
        try container.encode(fingerprint.description, forKey: .fingerprint)
        try container.encode(cameraID.rawValue, forKey: .cameraID)
        try container.encode(cameraName, forKey: .cameraName)
        try container.encode(deviceID.rawValue, forKey: .deviceID)
        try container.encode(deviceName, forKey: .deviceName)
        try container.encode(token.wireText, forKey: .token)
        try container.encode(pairedAt, forKey: .pairedAt)
    }
}
