import Foundation
import PeerCamCore
import Testing
@testable import DeviceStore

/// A fresh state directory per test, removed afterwards.
final class TemporaryDirectory {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("peercam-store-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

private func viewer(_ name: String, role: Role = .viewer) throws -> (PairedDevice, BearerToken) {
    let token = BearerToken.generate()
    let identity = try DeviceIdentity(id: .random(), role: role, name: name)
    return (PairedDevice(identity: identity, tokenDigest: token.digest, pairedAt: Date(timeIntervalSince1970: 1_700_000_000)),
            token)
}

@Suite struct PairedDeviceStoreTests {
    @Test func findsADeviceByItsTokenAndNotByAnother() throws {
        let directory = try TemporaryDirectory()
        let store = try PairedDeviceStore(path: directory.path + "/devices.sqlite")
        let (device, token) = try viewer("Alice's laptop")
        try store.add(device)

        #expect(try store.device(presenting: token) == device)
        #expect(try store.device(presenting: BearerToken.generate()) == nil)
        #expect(try store.device(id: device.id) == device)
    }

    @Test func theFileHoldsTheDigestButNeverTheToken() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/devices.sqlite"
        let store = try PairedDeviceStore(path: path)
        let (device, token) = try viewer("Kitchen tablet")
        try store.add(device)

        // Read every file SQLite wrote (main file and WAL) as raw bytes.
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        let bytes = try files.flatMap { try Data(contentsOf: URL(fileURLWithPath: directory.path + "/" + $0)) }
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(files.contains("devices.sqlite-wal"), "the database runs in WAL mode")
        #expect(!text.contains(token.wireText))
        #expect(text.contains(token.digest.hex))
    }

    @Test func revokeMarksTheDeviceAndReportsWhetherItExisted() throws {
        let directory = try TemporaryDirectory()
        let store = try PairedDeviceStore(path: directory.path + "/devices.sqlite")
        let (device, token) = try viewer("Phone")
        try store.add(device)

        #expect(try store.revoke(device.id))
        #expect(try store.revoke(device.id), "revoking twice is harmless and still finds the device")
        #expect(try !store.revoke(DeviceID.random()))
        #expect(try store.device(presenting: token)?.isRevoked == true)
    }

    @Test func listsDevicesInPairingOrderAndRemembersLastSeen() throws {
        let directory = try TemporaryDirectory()
        let store = try PairedDeviceStore(path: directory.path + "/devices.sqlite")
        var (first, _) = try viewer("First")
        var (second, _) = try viewer("Second")
        first.pairedAt = Date(timeIntervalSince1970: 1_000)
        second.pairedAt = Date(timeIntervalSince1970: 2_000)
        try store.add(second)
        try store.add(first)
        try store.recordSeen(second.id, at: Date(timeIntervalSince1970: 3_000))

        let listed = try store.list()
        #expect(listed.map(\.identity.name) == ["First", "Second"])
        #expect(listed[1].lastSeenAt == Date(timeIntervalSince1970: 3_000))
        #expect(listed[0].lastSeenAt == nil)
    }

    @Test func survivesReopeningAndMigratesOnlyOnce() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/devices.sqlite"
        let (device, token) = try viewer("Persistent")
        do {
            let store = try PairedDeviceStore(path: path)
            try store.add(device)
        }
        let reopened = try PairedDeviceStore(path: path)
        #expect(try reopened.device(presenting: token) == device)
    }

    @Test func refusesADuplicateDevice() throws {
        let directory = try TemporaryDirectory()
        let store = try PairedDeviceStore(path: directory.path + "/devices.sqlite")
        let (device, _) = try viewer("Twice")
        try store.add(device)
        #expect(throws: PairedDeviceStoreError.duplicateDevice) { try store.add(device) }
    }

    @Test(arguments: [
        ("role", "'admin'"),
        ("name", "''"),
        ("tokenDigest", "'not-a-digest'"),
        ("id", "'lowercase-id'"),
    ])
    func aDamagedRowIsRefusedNotGuessed(column: String, value: String) throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/devices.sqlite"
        let (device, token) = try viewer("Victim")
        do {
            let store = try PairedDeviceStore(path: path)
            try store.add(device)
        }
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        sqlite.arguments = [path, "UPDATE pairedDevice SET \(column) = \(value);"]
        try sqlite.run()
        sqlite.waitUntilExit()
        #expect(sqlite.terminationStatus == 0)

        let store = try PairedDeviceStore(path: path)
        #expect(throws: PairedDeviceStoreError.self) { try store.list() }
        if column != "tokenDigest" {
            #expect(throws: PairedDeviceStoreError.self) { try store.device(presenting: token) }
        }
    }
}
