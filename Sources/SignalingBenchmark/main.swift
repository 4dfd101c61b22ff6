// Prints the control plane's costs on loopback: pairing (TLS + POST /pair + SQLite
// insert), WebSocket connect (TLS + bearer check + upgrade), a stream:request →
// stream:started round trip, and viewer → camera message throughput. Not a test:
// figures vary with the machine; tests assert behaviour.
import DeviceStore
import Foundation
import Logging
import PeerCamCore
import Signaling
import Synchronization

/// Accepts every request at once and counts signals, like a camera that does no media.
final class AcceptingCamera: CameraSignalingHandler {
    let server = Mutex<SignalingServer<ContinuousClock>?>(nil)
    let signals = Mutex(0)

    func streamRequested(session: SessionID, request: StreamRequest, requestID: SignalingMessageID,
                         viewer: PairedDevice) async {
        guard let server = server.withLock({ $0 }) else { return }
        try? await server.send(SignalingMessage(id: server.makeMessageID(), body: .streamStarted(session, request: requestID)))
    }

    func viewerSent(_ message: SignalingMessage, session: SessionID, viewer: DeviceID) async {
        signals.withLock { $0 += 1 }
    }

    func sessionsEnded(_ sessions: [SessionID], viewer: DeviceID, reason: SessionEndReason) async {}
}

func report(_ label: String, _ samples: [Duration]) {
    let sorted = samples.sorted()
    func ms(_ duration: Duration) -> String {
        String(format: "%.2f ms", Double(duration.components.attoseconds) / 1e15 + Double(duration.components.seconds) * 1e3)
    }
    print("\(label): n=\(sorted.count) median \(ms(sorted[sorted.count / 2])) p95 \(ms(sorted[sorted.count * 95 / 100]))")
}

func measure() async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("peercam-bench-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    var logger = Logger(label: "signaling-benchmark")
    logger.logLevel = .critical
    let camera = AcceptingCamera()
    let server = SignalingServer(
        configuration: .init(host: "127.0.0.1", port: 0, adminSocketPath: directory + "/run/admin.sock"),
        camera: try DeviceIdentity(id: .random(), role: .camera, name: "Benchmark camera"),
        tlsIdentity: try SignalingTLSIdentity.loadOrCreate(in: directory), store: try PairedDeviceStore(path: directory + "/devices.sqlite"),
        handler: camera, clock: ContinuousClock(), ratePolicy: .init(perAddress: 10_000, total: 10_000), logger: logger)
    camera.server.withLock { $0 = server }
    let running = Task { try await server.run() }
    guard let port = await server.listeningPort(), await server.adminSocketReady() else { fatalError("server did not start") }
    let endpoint = SignalingEndpoint(host: "127.0.0.1", port: port)
    let admin = SignalingAdminClient(socketPath: directory + "/run/admin.sock")
    let clock = ContinuousClock()

    var pairings: [Duration] = []
    var paired: PairedCamera?
    for index in 0..<40 {
        let code = try await admin.issuePairingCode().code
        let start = clock.now
        paired = try await SignalingClient.pair(with: endpoint, code: code, name: "viewer \(index)", fingerprint: server.tlsIdentity.fingerprint)
        pairings.append(clock.now - start)
    }
    report("pair (TLS handshake + POST /pair + SQLite insert)", pairings)

    guard let paired else { fatalError("no pairing") }
    var connects: [Duration] = []
    for _ in 0..<40 {
        let start = clock.now
        let connection = try await SignalingClient.connect(to: paired)
        connects.append(clock.now - start)
        await connection.close()
    }
    report("WebSocket connect (TLS + bearer lookup + upgrade)", connects)

    let connection = try await SignalingClient.connect(to: paired)
    var iterator = connection.messages.makeAsyncIterator()
    var roundTrips: [Duration] = []
    for _ in 0..<500 {
        let start = clock.now
        connection.send(SignalingMessage(id: connection.makeMessageID(), body: .streamRequest(.init(media: .init(video: true, audio: true)))))
        _ = await iterator.next()
        roundTrips.append(clock.now - start)
    }
    report("stream:request -> stream:started round trip", roundTrips)

    // Throughput: trickled candidates for one live session.
    connection.send(SignalingMessage(id: connection.makeMessageID(), body: .streamRequest(.init(media: .init(video: true, audio: true)))))
    guard case .streamStarted(let session, _)? = await iterator.next()?.body else { fatalError("no session") }
    let count = 20_000
    let start = clock.now
    for index in 0..<count {
        connection.send(SignalingMessage(id: connection.makeMessageID(), body: .webrtcSignal(session, .candidate(.init(
            candidate: "candidate:\(index) 1 UDP 2122260223 10.0.0.2 50000 typ host", sdpMid: "0", sdpMLineIndex: 0)))))
    }
    while camera.signals.withLock({ $0 }) < count { try await Task.sleep(for: .milliseconds(1)) }
    let elapsed = clock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    print(String(format: "viewer -> camera webrtc:signal throughput: %d messages in %.2f s = %.0f messages/s", count, seconds, Double(count) / seconds))
    await connection.close()
    running.cancel()
}

try await measure()
