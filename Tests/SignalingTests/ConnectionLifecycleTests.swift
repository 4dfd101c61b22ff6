import Foundation
import PeerCamCore
import Testing
@testable import Signaling

@Suite struct ConnectionLifecycleTests {
    @Test func aBinaryFrameClosesTheConnectionWith1003() async throws {
        let viewer = try await ConnectedViewer()
        viewer.connection.sendBinary([1, 2, 3])
        await viewer.connection.waitUntilClosed()
        #expect(viewer.connection.closeCode == 1003)
    }

    @Test func aMessageFarBeyondTheLimitClosesTheConnectionWith1009() async throws {
        let viewer = try await ConnectedViewer()
        viewer.connection.sendRaw(String(repeating: "x", count: 5 * SignalingMessage.maximumSize))
        await viewer.connection.waitUntilClosed()
        #expect(viewer.connection.closeCode == 1009)
    }

    @Test func stoppingTheServerClosesViewersWith1001AndEndsTheirSessions() async throws {
        let viewer = try await ConnectedViewer()
        let session = try await viewer.startStream()
        viewer.bed.stop()
        await viewer.connection.waitUntilClosed()
        #expect(viewer.connection.closeCode == 1001)
        #expect(try await viewer.bed.nextEvent() == .ended([session], viewer.paired.device.id, .shutdown))
    }

    /// With pings every 50 ms and a 200 ms silence limit, a viewer that answers pings
    /// (the client does, automatically) stays connected well past the limit.
    @Test func aViewerThatAnswersPingsIsKeptAlive() async throws {
        let bed = try await SignalingTestBed(keepAliveInterval: .milliseconds(50), keepAliveTimeout: .milliseconds(200))
        let connection = try await SignalingClient.connect(to: try await bed.pairViewer())
        try await Task.sleep(for: .milliseconds(600))
        #expect(await bed.server.connectionCount() == 1)
        #expect(connection.closeCode == nil)
    }
}
