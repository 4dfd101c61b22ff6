import CameraPipeline
import DeviceStore
import DTLS
import Foundation
import H264
import Logging
import MediaSession
import PeerCamCore
import Signaling
import Synchronization
import WebRTC

/// A camera in the test process, built from the real parts camera-agent is made of: the
/// `SignalingServer` (TLS, pairing, admin socket, bearer authorisation), a 320×240 test-pattern
/// + tone `CameraStream`, and per viewer a sending `PeerConnection` with a `PeerMediaSender`.
/// The handler is the test's stand-in for camera-agent's session logic (`docs/protocol.md`
/// §5.12): `stream:started`, the offer, trickled candidates, the answer, `stream:ended`.
///
/// It lets `viewer-agent` (the real executable) be tested over signaling before camera-agent
/// lands; `endAllSessions` plays a camera that stops its sessions (restart, shutdown).
final class InProcessCamera: Sendable {
    let server: SignalingServer<ContinuousClock>
    let handler: TestCameraHandler
    let directory: String
    let url: String
    private let task: Task<Void, any Error>

    static let width = 320
    static let height = 240

    /// - Parameters:
    ///   - directory: the state directory (identity, certificate, paired devices) of an earlier
    ///     camera to restart; a fresh one by default.
    ///   - port: the port to listen on; 0 picks a free one.
    init(directory: String? = nil, port: Int = 0) async throws {
        self.directory = directory ?? NSTemporaryDirectory() + "viewer-camera-\(UUID().uuidString)"
        let directory = self.directory
        try FileManager.default.createDirectory(atPath: directory + "/run", withIntermediateDirectories: true)
        let store = try PairedDeviceStore(path: directory + "/devices.sqlite")
        let configuration = CameraStreamConfiguration(
            video: CameraStreamRTPParameters(ssrc: 0x0CA3_0001, payloadType: 102, clockRate: 90_000),
            videoEncoder: H264EncoderConfiguration(width: Self.width, height: Self.height, framesPerSecond: 30,
                                                   targetBitrate: 600_000),
            audio: CameraStreamRTPParameters(ssrc: 0x0CA3_0002, payloadType: 111, clockRate: 48_000))
        let feedback = CameraStreamFeedback(configuration: configuration)
        let stream = try CameraStream(configuration: configuration,
                                      sources: .testPattern(width: Self.width, height: Self.height, framesPerSecond: 30),
                                      packetObserver: feedback)
        handler = TestCameraHandler(stream: stream, feedback: feedback, certificate: try DTLSCertificate.generate())
        var logger = Logger(label: "in-process-camera")
        logger.logLevel = .critical
        server = SignalingServer(
            configuration: .init(host: "127.0.0.1", port: port, adminSocketPath: directory + "/run/admin.sock"),
            camera: try Self.identity(in: directory),
            tlsIdentity: try SignalingTLSIdentity.loadOrCreate(in: directory + "/state"),
            store: store, handler: handler, clock: ContinuousClock(), logger: logger)
        let running = server
        handler.server.withLock { $0 = running }
        task = Task { try await running.run() }
        guard await running.listeningPort() != nil, await running.adminSocketReady() else {
            task.cancel()
            throw OutputFileError("the in-process camera's server did not start")
        }
        url = await running.cameraURL()
    }

    var fingerprint: CertificateFingerprint { server.tlsIdentity.fingerprint }

    /// The camera's identity, kept in its state directory so a restart is the same camera.
    private static func identity(in directory: String) throws -> DeviceIdentity {
        let path = directory + "/camera-id"
        let id = (try? String(contentsOfFile: path, encoding: .utf8)).flatMap { try? DeviceID(parsing: $0) } ?? DeviceID.random()
        try id.rawValue.write(toFile: path, atomically: true, encoding: .utf8)
        return try DeviceIdentity(id: id, role: .camera, name: "Test camera")
    }

    /// The port it listens on.
    var port: Int { URLComponents(string: url)?.port ?? 0 }

    /// A fresh one-time pairing code from the admin socket, as `camera-agent pair` gets one.
    func pairingCode() async throws -> String {
        try await SignalingAdminClient(socketPath: directory + "/run/admin.sock").issuePairingCode().code
    }

    /// Revokes every paired viewer (their live connections close with 1008).
    func revokeAll() async throws {
        for device in try server.store.list() where device.identity.role == .viewer { _ = try await server.revoke(device.id) }
    }

    /// Stops like camera-agent on SIGTERM (`stream:ended shutdown`, then the server).
    /// - Parameter keepingState: leave the state directory for a restart.
    func stop(keepingState: Bool = false) async {
        await handler.endAllSessions(reason: .shutdown)
        task.cancel()
        _ = await task.result
        if !keepingState { try? FileManager.default.removeItem(atPath: directory) }
    }
}

/// The camera side of each viewer session.
final class TestCameraHandler: CameraSignalingHandler {
    let server = Mutex<SignalingServer<ContinuousClock>?>(nil)
    let stream: CameraStream
    let feedback: CameraStreamFeedback
    let certificate: DTLSCertificate
    private let peers = Mutex<[SessionID: Peer]>([:])
    /// Sessions requested so far (a reconnect makes a new one).
    let requests = Atomic<Int>(0)
    /// How the camera answers the next requests.
    let behaviour = Mutex(Behaviour.normal)
    /// The reasons of the `stream:end` messages viewers sent, in order.
    let endsReceived = Mutex<[SessionEndReason]>([])

    enum Behaviour: Sendable {
        /// `stream:started`, offer, candidates trickled after it.
        case normal
        /// Refuse with `stream:ended {reason, request}` in place of `stream:started`.
        case refuse(SessionEndReason)
        /// `stream:started`, then nothing: the viewer's connect timer must end it.
        case silent
        /// Every candidate and end-of-candidates first, the offer last (§5.11: receivers buffer).
        /// The viewer's candidates are ignored, so ICE can only connect through the viewer
        /// checking the camera's early candidates.
        case candidatesBeforeOffer
        /// Normal, but the handler stalls for 30 s on the viewer's `stream:end`, so the server
        /// reads nothing more from that connection (not even its close frame).
        case stallOnEnd
    }

    final class Peer: Sendable {
        let connection: PeerConnection
        let router: PeerMediaPacketRouter
        let sender = Mutex<PeerMediaSender?>(nil)
        let tasks = Mutex<[Task<Void, Never>]>([])
        init(connection: PeerConnection, router: PeerMediaPacketRouter) {
            self.connection = connection
            self.router = router
        }

        func close() async {
            connection.close()
            for task in tasks.withLock({ $0 }) { await task.value }
            await sender.withLock { $0 }?.stop()
            router.detach()
        }
    }

    init(stream: CameraStream, feedback: CameraStreamFeedback, certificate: DTLSCertificate) {
        self.stream = stream
        self.feedback = feedback
        self.certificate = certificate
    }

    private func send(_ session: SessionID, _ body: SignalingMessage.Body) async {
        guard let server = server.withLock({ $0 }) else { return }
        try? await server.send(SignalingMessage(id: server.makeMessageID(), body: body))
    }

    func streamRequested(session: SessionID, request: StreamRequest, requestID: SignalingMessageID,
                         viewer: PairedDevice) async {
        requests.add(1, ordering: .relaxed)
        let behaviour = self.behaviour.withLock { $0 }
        if case .refuse(let reason) = behaviour {
            await send(session, .streamEnded(session, reason, request: requestID))
            return
        }
        await send(session, .streamStarted(session, request: requestID))
        if case .silent = behaviour { return }
        let router = PeerMediaPacketRouter()
        let connection = PeerConnection(configuration: .loopback(certificate: certificate), onPacket: router.handler)
        let peer = Peer(connection: connection, router: router)
        peers.withLock { $0[session] = peer }
        do {
            try connection.addTransceiver(.video, direction: .sendonly)
            if request.media.audio { try connection.addTransceiver(.audio, direction: .sendonly) }
            let offer = try connection.createOffer()
            if case .candidatesBeforeOffer = behaviour {
                for await candidate in connection.localCandidates {
                    await send(session, .webrtcSignal(session, Self.signal(candidate)))
                    if case .endOfCandidates = candidate { break }
                }
            }
            await send(session, .webrtcSignal(session, .sessionDescription(.init(kind: .offer, sdp: offer))))
        } catch {
            await send(session, .streamEnded(session, .error("offer failed"), request: nil))
            return
        }
        let server = self.server.withLock { $0 }
        peer.tasks.withLock {
            $0.append(Task {
                for await candidate in connection.localCandidates {
                    guard let server else { return }
                    try? await server.send(SignalingMessage(id: server.makeMessageID(),
                                                            body: .webrtcSignal(session, Self.signal(candidate))))
                }
            })
        }
    }

    func viewerSent(_ message: SignalingMessage, session: SessionID, viewer: DeviceID) async {
        if case .streamEnd(_, let reason) = message.body { endsReceived.withLock { $0.append(reason) } }
        guard let peer = peers.withLock({ $0[session] }) else { return }
        switch message.body {
        case .webrtcSignal(_, .sessionDescription(let answer)):
            do {
                try peer.connection.setRemoteAnswer(answer.sdp)
                let sender = try PeerMediaSender(connection: peer.connection, stream: stream, feedback: feedback)
                peer.sender.withLock { $0 = sender }
                peer.router.attach(sender)
                let states = peer.connection.connectionStates
                peer.tasks.withLock { $0.append(Task { await sender.follow(states) }) }
            } catch {
                await send(session, .streamEnded(session, .error("answer refused"), request: nil))
            }
        case .webrtcSignal(_, .candidate(let candidate)):
            if case .candidatesBeforeOffer = behaviour.withLock({ $0 }) { return }
            try? peer.connection.addRemoteCandidate(candidate.candidate)
        case .webrtcSignal(_, .endOfCandidates):
            try? peer.connection.addRemoteEndOfCandidates()
        case .streamEnd:
            await remove(session)?.close()
            if case .stallOnEnd = behaviour.withLock({ $0 }) { try? await Task.sleep(for: .seconds(30)) }
        default:
            break
        }
    }

    func sessionsEnded(_ sessions: [SessionID], viewer: DeviceID, reason: SessionEndReason) async {
        for session in sessions { await remove(session)?.close() }
    }

    /// Ends every live session with `stream:ended {reason}` and closes its peer.
    func endAllSessions(reason: SessionEndReason) async {
        let all = peers.withLock { peers -> [SessionID: Peer] in
            defer { peers = [:] }
            return peers
        }
        for (session, peer) in all {
            await send(session, .streamEnded(session, reason, request: nil))
            await peer.close()
        }
    }

    static func signal(_ candidate: PeerConnectionLocalCandidate) -> WebRTCSignal {
        switch candidate {
        case .candidate(let line, let mid): .candidate(.init(candidate: line, sdpMid: mid, sdpMLineIndex: 0))
        case .endOfCandidates: .endOfCandidates
        }
    }

    var liveSessions: Int { peers.withLock { $0.count } }

    private func remove(_ session: SessionID) -> Peer? { peers.withLock { $0.removeValue(forKey: session) } }
}
