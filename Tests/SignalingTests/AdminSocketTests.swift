import DeviceStore
import Foundation
import PeerCamCore
import Testing
@testable import Signaling

@Suite struct AdminSocketTests {
    @Test func theSocketIsOwnerOnlyInAnOwnerOnlyDirectory() async throws {
        let bed = try await SignalingTestBed()
        let socket = try FileManager.default.attributesOfItem(atPath: bed.adminSocketPath)
        #expect(socket[.type] as? FileAttributeType == .typeSocket)
        #expect((socket[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let directory = try FileManager.default.attributesOfItem(atPath: bed.directory + "/run")
        #expect((directory[.posixPermissions] as? NSNumber)?.intValue == 0o700)
    }

    @Test func aDirectoryOthersCanWriteIsRefused() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("peercam-admin-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o777])
        defer { try? FileManager.default.removeItem(atPath: base) }
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: base)
        #expect(throws: AdminSocketError.directoryWritableByOthers(base)) {
            try AdminSocketPermissions.prepare(socketPath: base + "/admin.sock")
        }
    }

    @Test func listsPairedDevicesWithoutTheirTokens() async throws {
        let bed = try await SignalingTestBed()
        let alice = try await bed.pairViewer(name: "Alice")
        let bob = try await bed.pairViewer(name: "Bob")
        let devices = try await bed.admin.listDevices()
        #expect(Set(devices.map(\.name)) == ["Alice", "Bob"])
        let listedAlice = try #require(devices.first { $0.id == alice.device.id.rawValue })
        #expect(listedAlice.tokenFingerprint == alice.token.digest.fingerprint)
        #expect(listedAlice.role == "viewer")
        #expect(!listedAlice.revoked)
        _ = bob
    }

    @Test func revokingEndsTheLiveConnectionAtOnceAndLocksTheTokenOut() async throws {
        let viewer = try await ConnectedViewer()
        let session = try await viewer.startStream()

        #expect(try await viewer.bed.admin.revokeDevice(viewer.paired.device.id))
        await viewer.connection.waitUntilClosed()
        #expect(viewer.connection.closeCode == 1008)
        #expect(try await viewer.bed.nextEvent() == .ended([session], viewer.paired.device.id, .revoked))
        #expect(await viewer.bed.server.connectionCount() == 0)
        #expect(try await viewer.bed.admin.listDevices().first?.revoked == true)

        await #expect(throws: SignalingClientError.refused(status: 401, code: "revoked-token",
                                                           message: SignalingHTTPRefusal.revokedToken.message)) {
            _ = try await SignalingClient.connect(to: viewer.paired)
        }
    }

    @Test func atMostEightCodesAreOutstanding() async throws {
        let bed = try await SignalingTestBed()
        for _ in 0..<8 { _ = try await bed.admin.issuePairingCode() }
        await #expect(throws: SignalingClientError.refused(
            status: 409, code: "too-many-codes",
            message: "too many pairing codes are outstanding; wait for one to expire")) {
            _ = try await bed.admin.issuePairingCode()
        }
        bed.clock.advance(by: .seconds(301))
        _ = try await bed.admin.issuePairingCode()
    }

    @Test func revokingAnUnknownDeviceSaysSo() async throws {
        let bed = try await SignalingTestBed()
        #expect(try await !bed.admin.revokeDevice(.random()))
    }

    @Test func aViewerThatDisconnectsEndsItsSessionsAsViewerGone() async throws {
        let viewer = try await ConnectedViewer()
        let session = try await viewer.startStream()
        await viewer.connection.close()
        #expect(try await viewer.bed.nextEvent() == .ended([session], viewer.paired.device.id, .viewerGone))
        #expect(await viewer.bed.server.sessionCount() == 0)
    }
}
