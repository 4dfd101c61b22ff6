import Foundation
import PeerCamCore
import Signaling
import Testing
import TestSupport
@testable import ViewerAgentCore

/// The paired-cameras file holds bearer tokens: it must be private, replaced atomically, and a
/// broken file must be reported with its path rather than ignored.
@Suite("PairedCameraStore: 0600, atomic, strict")
struct PairedCameraStoreTests {
    static func temporaryDirectory(_ name: String) throws -> String {
        let path = NSTemporaryDirectory() + "viewer-agent-tests-\(name)-\(UUID().uuidString)"
        return path
    }

    static func camera(name: String, seed: UInt64) throws -> StoredCamera {
        var generator = SeededGenerator(seed: seed)
        let certificate = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return StoredCamera(
            url: "https://127.0.0.1:8443", fingerprint: CertificateFingerprint(derCertificate: certificate),
            cameraID: DeviceID.random(using: &generator), cameraName: name, deviceID: DeviceID.random(using: &generator),
            deviceName: "test viewer", token: BearerToken.generate(using: &generator),
            pairedAt: Date(timeIntervalSince1970: 1_700_000_000))
    }

    static func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test("A new store makes a 0700 directory and a 0600 file, and reads back what it wrote")
    func roundTripWithPrivateModes() throws {
        let root = try Self.temporaryDirectory("modes")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let directory = root + "/nested/peercam"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = PairedCameraStore(directory: directory)
        #expect(try store.load().isEmpty, "no file yet means no cameras, not an error")
        let kitchen = try Self.camera(name: "Kitchen", seed: 1)
        try store.save(kitchen)
        #expect(try Self.mode(directory) == 0o700)
        #expect(try Self.mode(store.path) == 0o600)
        #expect(try store.load() == [kitchen])
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0 != PairedCameraStore.fileName }
        #expect(leftovers.isEmpty, "the temporary file was renamed into place: \(leftovers)")
    }

    @Test("Saving replaces the file (a new inode), tightens a loosened mode, and re-pairing replaces the entry")
    func atomicReplace() throws {
        let directory = try Self.temporaryDirectory("atomic")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = PairedCameraStore(directory: directory)
        let kitchen = try Self.camera(name: "Kitchen", seed: 1)
        try store.save(kitchen)
        chmod(store.path, 0o644)
        let before = try FileManager.default.attributesOfItem(atPath: store.path)[.systemFileNumber] as? NSNumber
        // A reader holding the old file keeps a complete old version.
        let oldHandle = try FileHandle(forReadingFrom: URL(fileURLWithPath: store.path))
        var repaired = kitchen
        repaired.token = BearerToken.generate()
        try store.save(repaired)
        try store.save(try Self.camera(name: "Garage", seed: 2))
        let after = try FileManager.default.attributesOfItem(atPath: store.path)[.systemFileNumber] as? NSNumber
        #expect(before != after, "rename(2) put a new file in place")
        #expect(try Self.mode(store.path) == 0o600)
        let oldContents = try oldHandle.readToEnd() ?? Data()
        #expect(String(decoding: oldContents, as: UTF8.self).contains(kitchen.token.wireText))
        let cameras = try store.load()
        #expect(cameras.map(\.cameraName) == ["Kitchen", "Garage"])
        #expect(cameras.first?.token.wireText == repaired.token.wireText, "same camera id: the entry was replaced")
    }

    @Test("Malformed files are refused with an error naming the file and the problem", arguments: [
        ("not json at all", "not valid JSON"),
        (#"{"version": 2, "cameras": []}"#, "unsupported version"),
        (#"{"version": 1}"#, "cameras: missing"),
        (#"{"version": 1, "cameras": [{"url": "https://x:1"}]}"#, "missing"),
        (#"{"version": 1, "cameras": "nope"}"#, "wrong type"),
    ])
    func malformedFile(contents: String, expected: String) throws {
        let directory = try Self.temporaryDirectory("malformed")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let store = PairedCameraStore(directory: directory)
        try Data(contents.utf8).write(to: URL(fileURLWithPath: store.path))
        #expect {
            try store.load()
        } throws: { error in
            guard case .malformed(let path, let reason) = error as? PairedCameraStoreError else { return false }
            return path == store.path && reason.contains(expected)
        }
        #expect(throws: PairedCameraStoreError.self) { try store.save(try Self.camera(name: "X", seed: 3)) }
        #expect(try String(contentsOfFile: store.path, encoding: .utf8) == contents, "a broken file is never overwritten")
    }

    @Test("A stored token that is not a canonical token is refused without echoing it")
    func badTokenNotEchoed() throws {
        let directory = try Self.temporaryDirectory("token")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = PairedCameraStore(directory: directory)
        try store.save(try Self.camera(name: "Kitchen", seed: 4))
        let text = try String(contentsOfFile: store.path, encoding: .utf8)
        let secret = try #require(try store.load().first?.token.wireText)
        let broken = text.replacingOccurrences(of: secret, with: "SECRET-SHAPED-BUT-WRONG")
        try Data(broken.utf8).write(to: URL(fileURLWithPath: store.path))
        do {
            _ = try store.load()
            Issue.record("a malformed token was accepted")
        } catch {
            #expect(error.description.contains("token"))
            #expect(!error.description.contains("SECRET-SHAPED"))
        }
    }

    @Test("Cameras are chosen by id or name; ambiguity, absence and an unnamed choice among several are errors")
    func selection() throws {
        let store = PairedCameraStore(directory: try Self.temporaryDirectory("select"))
        defer { try? FileManager.default.removeItem(atPath: store.directory) }
        #expect(throws: PairedCameraStoreError.noCameras(directory: store.directory)) { try store.camera(nil) }
        let kitchen = try Self.camera(name: "Kitchen", seed: 5)
        try store.save(kitchen)
        #expect(try store.camera(nil) == kitchen, "the only camera needs no name")
        #expect(try store.camera("kitchen") == kitchen, "names match case-insensitively")
        #expect(try store.camera(kitchen.cameraID.rawValue) == kitchen)
        let twin = try Self.camera(name: "Kitchen", seed: 6)
        try store.save(twin)
        #expect(throws: PairedCameraStoreError.cameraNotChosen(names: ["Kitchen", "Kitchen"])) { try store.camera(nil) }
        #expect(throws: PairedCameraStoreError.self) { try store.camera("Kitchen") }
        #expect(try store.camera(twin.cameraID.rawValue) == twin)
        #expect(throws: PairedCameraStoreError.unknownCamera("Attic")) { try store.camera("Attic") }
        #expect(try store.remove(kitchen.cameraID.rawValue) == kitchen)
        #expect(try store.load() == [twin])
    }
}
