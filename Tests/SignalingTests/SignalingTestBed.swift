import DeviceStore
import Foundation
import Logging
import PeerCamCore
import Testing
@testable import Signaling

/// What the camera agent would see: every call the server makes to its handler.
enum HandlerEvent: Sendable, Equatable {
    case requested(SessionID, StreamRequest, SignalingMessageID, DeviceID)
    case viewerSent(SignalingMessage, SessionID, DeviceID)
    case ended([SessionID], DeviceID, SessionEndReason)
}

/// A `CameraSignalingHandler` that records calls into a stream the test reads.
final class RecordingHandler: CameraSignalingHandler {
    let events: AsyncStream<HandlerEvent>
    private let continuation: AsyncStream<HandlerEvent>.Continuation

    init() { (events, continuation) = AsyncStream.makeStream(of: HandlerEvent.self) }

    func streamRequested(session: SessionID, request: StreamRequest, requestID: SignalingMessageID,
                         viewer: PairedDevice) async {
        continuation.yield(.requested(session, request, requestID, viewer.id))
    }

    func viewerSent(_ message: SignalingMessage, session: SessionID, viewer: DeviceID) async {
        continuation.yield(.viewerSent(message, session, viewer))
    }

    func sessionsEnded(_ sessions: [SessionID], viewer: DeviceID, reason: SessionEndReason) async {
        continuation.yield(.ended(sessions, viewer, reason))
    }
}

/// Thrown when an awaited event does not come in time.
struct TimedOut: Error {}

/// The first element of `sequence`, or `TimedOut` after `seconds`.
func first<S: AsyncSequence & Sendable>(of sequence: S, within seconds: Double = 5) async throws -> S.Element?
    where S.Element: Sendable {
    try await withThrowingTaskGroup(of: S.Element?.self) { group in
        group.addTask {
            var iterator = sequence.makeAsyncIterator()
            return try await iterator.next()
        }
        group.addTask {
            try await Task.sleep(for: .seconds(seconds))
            throw TimedOut()
        }
        defer { group.cancelAll() }
        return try await group.next() ?? nil
    }
}

/// A real server on 127.0.0.1 (port 0, TLS, admin socket in a temporary directory)
/// with a recording handler and a manual clock for pairing expiry.
final class SignalingTestBed: Sendable {
    let directory: String
    let store: PairedDeviceStore
    let server: SignalingServer<ManualClock>
    let handler = RecordingHandler()
    let clock = ManualClock()
    let endpoint: SignalingEndpoint
    let admin: SignalingAdminClient
    private let task: Task<Void, any Error>

    var adminSocketPath: String { directory + "/run/admin.sock" }
    var fingerprint: CertificateFingerprint { server.tlsIdentity.fingerprint }

    init(ratePolicy: PairingRateLimiter<ManualClock>.Policy = .init(perAddress: 100, total: 100),
         keepAliveInterval: Duration = .seconds(15), keepAliveTimeout: Duration = .seconds(30),
         iceServers: [WHEPICEServer] = [], whep: (any WHEPSessionHandler)? = nil,
         sessionDirectory: (any CameraSessionDirectory)? = nil,
         metrics: (@Sendable () async -> String)? = nil) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("peercam-sig-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        store = try PairedDeviceStore(path: directory + "/devices.sqlite")
        let camera = try DeviceIdentity(id: .random(), role: .camera, name: "Test camera")
        var logger = Logger(label: "signaling-test")
        logger.logLevel = ProcessInfo.processInfo.environment["SIGNALING_TEST_LOG"] != nil ? .trace : .critical
        server = SignalingServer(
            configuration: .init(host: "127.0.0.1", port: 0, adminSocketPath: directory + "/run/admin.sock",
                                 keepAliveInterval: keepAliveInterval, keepAliveTimeout: keepAliveTimeout,
                                 iceServers: iceServers),
            camera: camera, tlsIdentity: try SignalingTLSIdentity.loadOrCreate(in: directory + "/state"),
            store: store, handler: handler, clock: clock, ratePolicy: ratePolicy, whep: whep,
            sessionDirectory: sessionDirectory, metrics: metrics, logger: logger)
        let server = self.server
        task = Task { try await server.run() }
        guard let port = await server.listeningPort(), await server.adminSocketReady() else {
            throw TimedOut()
        }
        endpoint = SignalingEndpoint(host: "127.0.0.1", port: port)
        admin = SignalingAdminClient(socketPath: directory + "/run/admin.sock")
    }

    /// Stops the server as a cancelled service would be.
    func stop() { task.cancel() }

    deinit {
        task.cancel()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Pairs a new viewer through the admin socket and `POST /pair`.
    func pairViewer(name: String = "Test viewer") async throws -> PairedCamera {
        let issued = try await admin.issuePairingCode()
        return try await SignalingClient.pair(with: endpoint, code: issued.code, name: name, fingerprint: fingerprint)
    }

    /// A device of any role written straight into the store (cameras are never
    /// paired through `/pair` in direct mode, but their tokens must still be refused).
    func storeDevice(role: Role, revoked: Bool = false) throws -> BearerToken {
        let token = BearerToken.generate()
        let identity = try DeviceIdentity(id: .random(), role: role, name: "\(role) device")
        try store.add(PairedDevice(identity: identity, tokenDigest: token.digest, pairedAt: Date(), isRevoked: revoked))
        return token
    }

    /// `POST /pair` with a raw body and optional `Authorization`.
    func postPair(_ body: String, authorization: String? = nil) async throws -> SingleRequestHTTPClient.Answer {
        try await SingleRequestHTTPClient.send(.POST, "/pair", body: Array(body.utf8), authorization: authorization,
                                               over: .pinnedTLS(endpoint, PinnedCertificateVerifier(pinned: fingerprint)))
    }

    /// Connects with a raw `Authorization` value (or none).
    func connect(authorization: String?) async throws(SignalingClientError) -> SignalingClientConnection {
        try await SignalingClient.connect(to: endpoint, fingerprint: fingerprint, authorization: authorization,
                                          logger: Logger(label: "test-client"))
    }

    func nextEvent() async throws -> HandlerEvent? { try await first(of: handler.events) }
}

extension SingleRequestHTTPClient.Answer {
    /// The `code` of a §2.4 error body.
    var errorCode: String? {
        ((try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any])?["code"] as? String
    }
}

func pairingBody(code: String, name: String = "Viewer") -> String {
    String(decoding: PairingRequest(code: code, name: name).encoded(), as: UTF8.self)
}
