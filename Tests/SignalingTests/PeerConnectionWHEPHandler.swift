import DTLS
import DeviceStore
import Foundation
import PeerCamCore
import SDP
import Synchronization
import WebRTC
@testable import Signaling

/// A `WHEPSessionHandler` for the tests whose answers come from a real `PeerConnection`
/// answering the offer on loopback, with real per-stream and total caps, so every SDP the
/// server returns is one a real peer made and every 406 comes from the real SDP negotiator.
///
/// It is what the camera agent's session hub does, minus media: the refusal rows of the WHEP
/// matrix are driven by its configuration (caps, streams, gathering time limit).
final class PeerConnectionWHEPHandler: WHEPSessionHandler {
    /// Every call the server made, for assertions that the handler was (not) reached.
    enum Call: Sendable, Equatable {
        case create(SessionID, stream: String, viewer: DeviceID)
        case update(SessionID, WHEPSessionPatch.Kind, candidates: Int, endOfCandidates: Bool)
        case delete(SessionID, wasLive: Bool)
        case ended([SessionID], DeviceID, SessionEndReason)
    }

    struct Live: Sendable {
        let connection: PeerConnection
        let stream: String
        let viewer: DeviceID
        let answer: String
    }

    let streams: Set<String>
    let streamCap: Int
    let totalCap: Int
    let gatheringLimit: Duration
    /// Stands in for an ICE restart (PeerConnection negotiates once) so the server's ETag
    /// rotation can be tested; off, a restart is refused with 422 as the real hub would.
    let acceptsICERestart: Bool
    /// Awaited after the create call is recorded and before the answer is made, so a test can
    /// act (revoke, stop) while the agent is still answering.
    let beforeAnswering: @Sendable () async -> Void
    let certificate: DTLSCertificate
    struct State {
        var live: [SessionID: Live] = [:]
        var calls: [Call] = []
    }

    private let state = Mutex(State())

    init(streams: Set<String> = ["main", "side"], streamCap: Int = 8, totalCap: Int = 32,
         gatheringLimit: Duration = .seconds(5), acceptsICERestart: Bool = false,
         beforeAnswering: @escaping @Sendable () async -> Void = {}) throws {
        self.streams = streams
        self.streamCap = streamCap
        self.totalCap = totalCap
        self.gatheringLimit = gatheringLimit
        self.acceptsICERestart = acceptsICERestart
        self.beforeAnswering = beforeAnswering
        certificate = try DTLSCertificate.generate(commonName: "PeerCam WHEP test camera")
    }

    deinit {
        for live in state.withLock({ $0.live.values }) { live.connection.close() }
    }

    var calls: [Call] { state.withLock { $0.calls } }
    var liveCount: Int { state.withLock { $0.live.count } }
    func live(_ session: SessionID) -> Live? { state.withLock { $0.live[session] } }

    private func record(_ call: Call) { state.withLock { $0.calls.append(call) } }

    func createSession(_ session: SessionID, stream: String, offer: String,
                       viewer: PairedDevice) async throws(WHEPRefusal) -> String {
        record(.create(session, stream: stream, viewer: viewer.id))
        await beforeAnswering()
        guard streams.contains(stream) else { throw .unknownStream(stream) }
        try state.withLock { (state: inout State) throws(WHEPRefusal) in
            guard state.live.values.filter({ $0.stream == stream }).count < streamCap else {
                throw .streamCapReached(stream: stream, limit: streamCap)
            }
            guard state.live.count < totalCap else { throw .totalCapReached(limit: totalCap) }
        }
        let connection = PeerConnection(configuration: .loopback(certificate: certificate))
        let answer: String
        do {
            try connection.addTransceiver(.video, direction: .sendonly)
            try connection.addTransceiver(.audio, direction: .sendonly)
            try connection.setRemoteOffer(offer)
            answer = try await connection.createAnswerWithCandidates(within: gatheringLimit)
        } catch is PeerConnectionGatheringTimeout {
            connection.close()
            throw .iceGatheringTimeout
        } catch {
            connection.close()
            throw WHEPRefusal(offerError: error)
        }
        state.withLock { $0.live[session] = Live(connection: connection, stream: stream, viewer: viewer.id, answer: answer) }
        return answer
    }

    func updateSession(_ session: SessionID, patch: WHEPSessionPatch,
                       viewer: DeviceID) async throws(WHEPRefusal) -> WHEPSessionUpdate {
        record(.update(session, patch.kind, candidates: patch.candidates.count, endOfCandidates: patch.endOfCandidates))
        guard let entry = live(session) else { throw .unknownSession }
        switch patch.kind {
        case .trickle:
            do {
                for candidate in patch.candidates { try entry.connection.addRemoteCandidate(candidate) }
                if patch.endOfCandidates { try entry.connection.addRemoteEndOfCandidates() }
            } catch {
                throw .malformedFragment(String(describing: error))
            }
            return .applied
        case .iceRestart:
            guard acceptsICERestart else { throw .iceRestartUnsupported }
            let description = try? SDPSessionDescription(parsing: entry.answer)
            let section = description?.media.first
            return .restarted(answerFragment: SDPTrickleFragment(
                ufrag: section?.iceUfrag ?? "", pwd: section?.icePwd ?? "", mid: section?.mid ?? "0",
                candidates: section?.candidates ?? [], endOfCandidates: true).text)
        }
    }

    func deleteSession(_ session: SessionID, viewer: DeviceID) async -> Bool {
        let entry = state.withLock { $0.live.removeValue(forKey: session) }
        entry?.connection.close()
        record(.delete(session, wasLive: entry != nil))
        return entry != nil
    }

    func sessionsEnded(_ sessions: [SessionID], viewer: DeviceID, reason: SessionEndReason) async {
        let ended = state.withLock { state in sessions.compactMap { state.live.removeValue(forKey: $0) } }
        for live in ended { live.connection.close() }
        record(.ended(sessions, viewer, reason))
    }
}
