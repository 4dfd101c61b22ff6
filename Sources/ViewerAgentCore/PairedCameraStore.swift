#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// The viewer's paired cameras: one JSON file, `cameras.json`, in the configuration directory.
///
/// Why this shape: the file holds bearer tokens, so it is created 0600 inside a 0700 directory
/// and replaced atomically (written to a temporary file in the same directory, flushed, then
/// renamed over the old one): a crash mid-write leaves the previous file, never half a file,
/// and no moment exists where the token is readable by others. A file someone broke by hand is
/// reported with its path and what is wrong, never silently ignored or overwritten.
public struct PairedCameraStore: Sendable {
    public static let fileName = "cameras.json"

    public let directory: String
    public var path: String { directory + "/" + Self.fileName }

    public init(directory: String) { self.directory = directory }

    /// Every stored camera, in the order they were paired; empty when the file does not exist.
    /// - Throws: `PairedCameraStoreError.unreadable` / `.malformed`, naming the file.
    public func load() throws(PairedCameraStoreError) -> [StoredCamera] {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch let error as CocoaError where error.code == .fileReadNoSuchFile {
            return []
        } catch {
            throw .unreadable(path: path, reason: String(describing: error))
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            return try decoder.decode(StoredCameraFile.self, from: data).cameras
        } catch let error as DecodingError {
            throw .malformed(path: path, reason: Self.describe(error))
        } catch {
            throw .malformed(path: path, reason: String(describing: error))
        }
    }

    /// Adds `camera`, replacing an earlier pairing with the same camera id.
    public func save(_ camera: StoredCamera) throws(PairedCameraStoreError) {
        var cameras = try load()
        if let index = cameras.firstIndex(where: { $0.cameraID == camera.cameraID }) {
            cameras[index] = camera
        } else {
            cameras.append(camera)
        }
        try write(cameras)
    }

    /// Removes the camera `selector` names (name or id); returns it.
    public func remove(_ selector: String) throws(PairedCameraStoreError) -> StoredCamera {
        var cameras = try load()
        let camera = try Self.select(selector, from: cameras)
        cameras.removeAll { $0.cameraID == camera.cameraID }
        try write(cameras)
        return camera
    }

    /// The camera `selector` names (its id, or its name case-insensitively); with no selector
    /// the only paired camera.
    public func camera(_ selector: String?) throws(PairedCameraStoreError) -> StoredCamera {
        let cameras = try load()
        guard let selector else {
            guard let only = cameras.first else { throw .noCameras(directory: directory) }
            guard cameras.count == 1 else { throw .cameraNotChosen(names: cameras.map(\.cameraName)) }
            return only
        }
        return try Self.select(selector, from: cameras)
    }

    static func select(_ selector: String, from cameras: [StoredCamera]) throws(PairedCameraStoreError) -> StoredCamera {
        if let byID = cameras.first(where: { $0.cameraID.rawValue == selector }) { return byID }
        let named = cameras.filter { $0.cameraName.lowercased() == selector.lowercased() }
        guard named.count <= 1 else { throw .ambiguousName(selector, ids: named.map(\.cameraID.rawValue)) }
        guard let camera = named.first else { throw .unknownCamera(selector) }
        return camera
    }

    /// Writes the whole list atomically with mode 0600 in a 0700 directory.
    func write(_ cameras: [StoredCamera]) throws(PairedCameraStoreError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        let data: Data
        do { data = try encoder.encode(StoredCameraFile(cameras: cameras)) } catch {
            throw .unwritable(path: path, reason: String(describing: error))
        }
        try makeDirectory()
        let temporary = directory + "/.\(Self.fileName).\(getpid()).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else { throw .unwritable(path: temporary, reason: Self.errnoText()) }
        var failure: String?
        // O_TRUNC on a leftover temporary file keeps its old mode: set it explicitly.
        if fchmod(descriptor, 0o600) != 0 { failure = Self.errnoText() }
        data.withUnsafeBytes { bytes in
            guard let base = bytes.baseAddress else { return }
            var offset = 0
            while failure == nil, offset < bytes.count {
                let written = Glibc.write(descriptor, base + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = Self.errnoText()
                } else {
                    offset += written
                }
            }
        }
        if failure == nil, fsync(descriptor) != 0 { failure = Self.errnoText() }
        close(descriptor)
        if failure == nil, rename(temporary, path) != 0 { failure = Self.errnoText() }
        if let failure {
            unlink(temporary)
            throw .unwritable(path: path, reason: failure)
        }
        // The rename is durable once the directory entry is.
        let directoryDescriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryDescriptor >= 0 {
            fsync(directoryDescriptor)
            close(directoryDescriptor)
        }
    }

    /// Creates the directory (and parents) 0700; an existing one is left as it is.
    private func makeDirectory() throws(PairedCameraStoreError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw .unwritable(path: directory, reason: "not a directory") }
            return
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw .unwritable(path: directory, reason: String(describing: error))
        }
    }

    private static func errnoText() -> String { String(cString: strerror(errno)) }

    private static func describe(_ error: DecodingError) -> String {
        func place(_ path: [any CodingKey]) -> String {
            path.isEmpty ? "top level" : path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not valid JSON" : "\(place(context.codingPath)): \(context.debugDescription)"
        case .keyNotFound(let key, let context):
            return "\(place(context.codingPath + [key])): missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "\(place(context.codingPath)): wrong type"
        @unknown default:
            return "unreadable"
        }
    }
}

/// The file's top level: a version, so a later format can be told apart, and the list.
struct StoredCameraFile: Codable {
    var version = 1
    var cameras: [StoredCamera]

    init(cameras: [StoredCamera]) { self.cameras = cameras }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        version = try container.decode(Int.self, forKey: .version)
        guard version == 1 else {
            throw DecodingError.dataCorruptedError(forKey: .version, in: container, debugDescription: "unsupported version \(version)")
        }
        cameras = try container.decode([StoredCamera].self, forKey: .cameras)
    }
}

/// Why the paired-cameras file could not be used; every case names the file or the camera.
public enum PairedCameraStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    /// The file exists but is not what `viewer-agent pair` writes.
    case malformed(path: String, reason: String)
    case unwritable(path: String, reason: String)
    case noCameras(directory: String)
    /// Several cameras are paired and none was named (and no default is configured).
    case cameraNotChosen(names: [String])
    case unknownCamera(String)
    /// Two paired cameras carry this name: use an id.
    case ambiguousName(String, ids: [String])

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "\(path): cannot read the paired cameras: \(reason)"
        case .malformed(let path, let reason): "\(path): malformed paired-cameras file (\(reason)); fix or remove it and pair again"
        case .unwritable(let path, let reason): "\(path): cannot write the paired cameras: \(reason)"
        case .noCameras(let directory): "no paired camera in \(directory): run `viewer-agent pair URL CODE` first"
        case .cameraNotChosen(let names): "several cameras are paired (\(names.joined(separator: ", "))): name one"
        case .unknownCamera(let name): "no paired camera named or with id '\(name)' (see `viewer-agent cameras`)"
        case .ambiguousName(let name, let ids): "several paired cameras are named '\(name)': use an id (\(ids.joined(separator: ", ")))"
        }
    }
}
