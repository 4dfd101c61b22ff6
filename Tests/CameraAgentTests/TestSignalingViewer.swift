import DTLS
import Foundation
import PeerCamCore
import Signaling
import Synchronization
import WebRTC

/// A viewer written for these tests from the real parts (signaling client, PeerConnection
/// answering receive-only): it asks for streams, answers offers, trickles candidates and
/// records everything the camera says, plus the RTP packets each session receives.
final class TestSignalingViewer: Sendable {
    enum Event: Sendable, Equatable {
        case started(SessionID, request: SignalingMessageID)
        case ended(SessionID, SessionEndReason, request: SignalingMessageID?)
        case error(SessionID?, code: String, re: SignalingMessageID?)
        case connected(SessionID)
    }

    let connection: SignalingClientConnection
    private let certificate: DTLSCertificate
    private let state = Mutex(State())
    private let loop = Mutex<Task<Void, Never>?>(nil)

    private struct State {
        var events: [Event] = []
        var peers: [SessionID: PeerConnection] = [:]
        var packets: [SessionID: Int] = [:]
    }

    init(camera: PairedCamera) async throws {
        connection = try await SignalingClient.connect(to: camera)
        certificate = try DTLSCertificate.generate(commonName: "test viewer")
        let messages = connection.messages
        loop.withLock { $0 = Task { [weak self] in
            for await message in messages { self?.handle(message) }
        } }
    }

    deinit {
        loop.withLock { $0 }?.cancel()
        for peer in state.withLock({ Array($0.peers.values) }) { peer.close() }
    }

    var events: [Event] { state.withLock { $0.events } }

    func packets(_ session: SessionID) -> Int { state.withLock { $0.packets[session] ?? 0 } }

    /// Sends `stream:request`; returns its message id.
    @discardableResult
    func request(video: Bool = true, audio: Bool = true) -> SignalingMessageID {
        let id = connection.makeMessageID()
        connection.send(SignalingMessage(id: id, body: .streamRequest(StreamRequest(media: StreamMedia(video: video, audio: audio)))))
        return id
    }

    func end(_ session: SessionID, reason: SessionEndReason = .hangup) {
        connection.send(SignalingMessage(id: connection.makeMessageID(), body: .streamEnd(session, reason)))
        state.withLock { $0.peers.removeValue(forKey: session) }?.close()
    }

    /// The session `stream:started` assigned to `request`, once it came.
    func session(for request: SignalingMessageID) -> SessionID? {
        events.lazy.compactMap { event -> SessionID? in
            if case .started(let session, let id) = event, id == request { return session }
            return nil
        }.first
    }

    private func record(_ event: Event) { state.withLock { $0.events.append(event) } }

    private func handle(_ message: SignalingMessage) {
        switch message.body {
        case .streamStarted(let session, let request):
            record(.started(session, request: request))
        case .streamEnded(let session, let reason, let request):
            state.withLock { $0.peers.removeValue(forKey: session) }?.close()
            record(.ended(session, reason, request: request))
        case .error(let session, let report):
            record(.error(session, code: report.code.rawValue, re: report.re))
        case .webrtcSignal(let session, .sessionDescription(let description)) where description.kind == .offer:
            answer(description.sdp, session: session)
        case .webrtcSignal(let session, .candidate(let candidate)):
            try? state.withLock { $0.peers[session] }?.addRemoteCandidate(candidate.candidate)
        case .webrtcSignal(let session, .endOfCandidates):
            try? state.withLock { $0.peers[session] }?.addRemoteEndOfCandidates()
        default:
            break
        }
    }

    private func answer(_ offer: String, session: SessionID) {
        let peer = PeerConnection(configuration: .loopback(certificate: certificate), onPacket: { [weak self] packet in
            guard packet.kind == .rtp else { return }
            self?.state.withLock { $0.packets[session, default: 0] += 1 }
        })
        do {
            try peer.addTransceiver(.video, direction: .recvonly)
            if offer.contains("\nm=audio") { try peer.addTransceiver(.audio, direction: .recvonly) }
            try peer.setRemoteOffer(offer)
            let answer = try peer.createAnswer()
            state.withLock { $0.peers[session] = peer }
            connection.send(SignalingMessage(id: connection.makeMessageID(),
                                             body: .webrtcSignal(session, .sessionDescription(.init(kind: .answer, sdp: answer)))))
        } catch {
            record(.error(session, code: "test-viewer-answer", re: nil))
            return
        }
        let candidates = peer.localCandidates, states = peer.connectionStates, connection = self.connection
        Task {
            for await candidate in candidates {
                let signal: WebRTCSignal = switch candidate {
                case .candidate(let line, let mid): .candidate(ICECandidateDescription(candidate: line, sdpMid: mid, sdpMLineIndex: 0))
                case .endOfCandidates: .endOfCandidates
                }
                connection.send(SignalingMessage(id: connection.makeMessageID(), body: .webrtcSignal(session, signal)))
            }
        }
        Task { [weak self] in
            for await state in states where state == .connected { self?.record(.connected(session)) }
        }
    }
}
