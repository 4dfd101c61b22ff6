import DeviceStore
import Foundation
import PeerCamCore
import SDP
import Signaling
import WebRTC

/// WHEP sessions: the viewer offers over HTTP, the camera answers with its candidates in
/// the answer (no server-to-client trickle), then the session runs exactly like a
/// signaling one — same caps, same stream, same state machine, same teardown.
extension CameraSessionHub: WHEPSessionHandler, CameraSessionDirectory {
    /// How long gathering may take before the viewer gets 504.
    static let whepGatheringLimit: Duration = .seconds(5)

    public func createSession(_ id: SessionID, stream: String, offer: String,
                              viewer: PairedDevice) async throws(WHEPRefusal) -> String {
        guard stream == CameraStreamHost.streamName else { throw .unknownStream(stream) }
        let logger = sessionLogger(id, viewer: viewer.id)
        logger.notice("WHEP offer received")
        if let refusal = admissionRefusal(for: StreamMedia(video: true, audio: true)) {
            refusedByCode[refusal.errorCode.rawValue, default: 0] += 1
            logger.notice("WHEP session refused", metadata: ["why": "\(refusal)"])
            switch refusal {
            case .streamFull(let limit): throw .streamCapReached(stream: stream, limit: limit)
            case .cameraFull(let limit): throw .totalCapReached(limit: limit)
            case .shuttingDown, .videoRequired: throw .internalError(refusal.description)
            }
        }
        // Answer what was offered: a video-only offer gets no audio section (RFC 8829 §5.3.1).
        let offersAudio = (try? SDP.SDPSessionDescription(parsing: offer))?.media.contains { $0.media == "audio" } ?? true
        let session: CameraSession
        do { session = try makeSession(id: id, viewer: viewer, transport: .whep, audio: offersAudio) } catch {
            throw .internalError("cannot set up the connection")
        }
        // Counted against the caps from now on, while the answer is being made.
        sessions[id] = session
        let answer: String
        do {
            try session.connection.setRemoteOffer(offer)
            answer = try await session.connection.createAnswerWithCandidates(within: Self.whepGatheringLimit)
            try attachSender(to: session)
        } catch {
            sessions[id] = nil
            session.connection.close()
            if error is PeerConnectionGatheringTimeout { throw .iceGatheringTimeout }
            logger.notice("WHEP offer refused", metadata: ["error": "\(error)"])
            throw WHEPRefusal(offerError: error)
        }
        // The device may have been revoked while gathering: the server forgot the session.
        guard sessions[id] === session else { throw .unknownSession }
        startFollowingStates(of: session)
        logger.notice("WHEP answer sent")
        await handle(.accept, for: id)
        return answer
    }

    public func updateSession(_ id: SessionID, patch: WHEPSessionPatch,
                              viewer: DeviceID) async throws(WHEPRefusal) -> WHEPSessionUpdate {
        guard let session = sessions[id] else { throw .unknownSession }
        // One offer/answer per session (PeerConnection has no ICE restart): the client may
        // start a new session instead.
        guard patch.kind == .trickle else { throw .iceRestartUnsupported }
        do {
            for candidate in patch.candidates { try session.connection.addRemoteCandidate(candidate) }
            if patch.endOfCandidates { try session.connection.addRemoteEndOfCandidates() }
        } catch {
            throw .malformedFragment(String(describing: error))
        }
        return .applied
    }

    public func deleteSession(_ id: SessionID, viewer: DeviceID) async -> Bool {
        guard sessions[id] != nil else { return false }
        await handle(.viewerEnded(.hangup), for: id)
        return true
    }

    public func sessionSummaries() async -> [CameraSessionSummary] { sessionList() }
}
