import Foundation

/// The local admin socket's API (HTTP/1.1 over a Unix domain socket, JSON bodies):
///
/// | request                | answer |
/// |------------------------|--------|
/// | `POST /pairing-codes`  | 201 `AdminIssuedPairingCode`; 409 `too-many-codes` |
/// | `GET /devices`         | 200 `AdminDeviceList` |
/// | `DELETE /devices/{id}` | 204 revoked (live connections closed with 1008); 404 `unknown-device`; 400 `invalid-device-id` |
/// | `GET /sessions`        | 200 `CameraSessionList`: every session, live and recently ended (404 when the agent keeps no directory) |
///
/// Access control is the file system: the socket is mode 0600 in a directory only
/// the service user can open, so whoever can connect is the operator.
public enum SignalingAdminAPI {
    public static let pairingCodesPath = "/pairing-codes"
    public static let devicesPath = "/devices"
    public static let sessionsPath = "/sessions"
}

/// What `camera-agent pair` prints: the code, where the camera is, and the
/// certificate fingerprint a careful viewer passes as `--fingerprint`.
public struct AdminIssuedPairingCode: Codable, Sendable, Equatable {
    /// `XXXX-XXXX`.
    public var code: String
    public var expiresInSeconds: Int
    /// `https://host:port`.
    public var cameraURL: String
    /// `AB:CD:…` (SHA-256 of the signaling certificate).
    public var fingerprint: String
}

/// One paired device as listed by `camera-agent devices list`.
public struct AdminDeviceSummary: Codable, Sendable, Equatable {
    public var id: String
    public var role: String
    public var name: String
    /// First 8 hex digits of the token's SHA-256: enough to tell tokens apart.
    public var tokenFingerprint: String
    public var pairedAt: Date
    public var lastSeenAt: Date?
    public var revoked: Bool
}

/// The body of `GET /devices`.
public struct AdminDeviceList: Codable, Sendable, Equatable {
    public var devices: [AdminDeviceSummary]
}

extension JSONEncoder {
    static var admin: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}

extension JSONDecoder {
    static var admin: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
