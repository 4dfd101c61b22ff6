import DeviceStore
import DTLS
import Foundation
import PeerCamCore
import Signaling

/// What lives in the camera's state directory (`/var/lib/peercam` by default), made on
/// first start and reused afterwards:
///
/// | file                        | what |
/// |-----------------------------|------|
/// | `camera-identity.json`      | the camera's device id and name (mode 0600) |
/// | `signaling-certificate.pem`, `signaling-key.pem` | the ECDSA TLS identity viewers pin |
/// | `paired-devices.sqlite`     | paired viewers (token digests only) |
///
/// The directory itself is made mode 0700: only the service user reads credentials.
public struct CameraStateDirectory: Sendable {
    public static let identityFileName = "camera-identity.json"
    public static let databaseFileName = "paired-devices.sqlite"

    public let path: String
    public let identity: DeviceIdentity
    public let tlsIdentity: SignalingTLSIdentity
    public let store: PairedDeviceStore

    /// Opens (or creates) every piece. A damaged identity file is an error naming the
    /// file, never silently replaced: viewers paired with the old id would be orphaned.
    public static func open(path: String, cameraName: String) throws -> CameraStateDirectory {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        let identity = try loadOrCreateIdentity(at: path + "/" + identityFileName, name: cameraName)
        let tlsIdentity = try SignalingTLSIdentity.loadOrCreate(in: path, commonName: "PeerCam camera \(identity.id)")
        let store = try PairedDeviceStore(path: path + "/" + databaseFileName)
        return CameraStateDirectory(path: path, identity: identity, tlsIdentity: tlsIdentity, store: store)
    }

    private static func loadOrCreateIdentity(at file: String, name: String) throws -> DeviceIdentity {
        if let data = FileManager.default.contents(atPath: file) {
            let identity: DeviceIdentity
            do { identity = try JSONDecoder().decode(DeviceIdentity.self, from: data) } catch {
                throw CameraStateDirectoryError.damagedIdentity(file: file, detail: "\(error)")
            }
            guard identity.role == .camera else {
                throw CameraStateDirectoryError.damagedIdentity(file: file, detail: "role is \(identity.role), not camera")
            }
            return identity
        }
        let identity = try DeviceIdentity(id: .random(), role: .camera, name: name)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        let temporary = file + ".tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: try encoder.encode(identity),
                                             attributes: [.posixPermissions: 0o600]) else {
            throw CameraStateDirectoryError.unwritable(file: temporary)
        }
        guard rename(temporary, file) == 0 else { throw CameraStateDirectoryError.unwritable(file: file) }
        return identity
    }
}

/// Why the state directory could not be opened.
public enum CameraStateDirectoryError: Error, Sendable, Equatable, CustomStringConvertible {
    case damagedIdentity(file: String, detail: String)
    case unwritable(file: String)

    public var description: String {
        switch self {
        case .damagedIdentity(let file, let detail):
            "\(file) is damaged (\(detail)); restore it from a backup, or delete it and the paired-devices database to start afresh (every viewer must pair again)"
        case .unwritable(let file): "cannot write \(file)"
        }
    }
}
