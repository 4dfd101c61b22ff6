import DeviceStore
import Foundation
import MediaSession
import PeerCamCore
import Signaling
import WebRTC

/// How a session reached the camera, which decides where its messages go.
public enum CameraSessionTransport: Sendable, Equatable {
    /// The PeerCam signaling WebSocket; `request` is the viewer's `stream:request` id.
    case signaling(request: SignalingMessageID)
    /// WHEP: the viewer offered over HTTP; nothing is sent back except HTTP answers.
    case whep

    public var name: String {
        switch self {
        case .signaling: "signaling"
        case .whep: "whep"
        }
    }
}

/// One viewer's stream: its state machine, its PeerConnection and the sender that feeds
/// it from the camera stream. Owned and mutated only by `CameraSessionHub` (an actor);
/// the tasks it holds talk back to the hub with events.
final class CameraSession {
    typealias Machine = CameraSessionStateMachine<ContinuousClock>

    let id: SessionID
    let viewer: PairedDevice
    let transport: CameraSessionTransport
    let connection: PeerConnection
    let router: PeerMediaPacketRouter
    let startedAt: Date
    var machine: Machine
    /// Made once the remote description is applied (the negotiated SSRCs are known).
    var sender: PeerMediaSender?
    var timer: Task<Void, Never>?
    /// Candidate relay and state follower; cancelled at close.
    var tasks: [Task<Void, Never>] = []
    var connectedAt: Date?

    init(id: SessionID, viewer: PairedDevice, transport: CameraSessionTransport, connection: PeerConnection,
         router: PeerMediaPacketRouter, clock: ContinuousClock, negotiationTimeout: Duration) {
        self.id = id
        self.viewer = viewer
        self.transport = transport
        self.connection = connection
        self.router = router
        startedAt = Date()
        machine = Machine(session: id, viewer: viewer.id, clock: clock, negotiationTimeout: negotiationTimeout)
    }

    /// This session for `camera-agent sessions` / `GET /sessions`; `ended` gives the reason
    /// and time once it is over.
    func summary(ended: (reason: SessionEndReason, at: Date)? = nil) -> CameraSessionSummary {
        let transport: CameraSessionSummary.Transport = switch self.transport {
        case .signaling: .signaling
        case .whep: .whep
        }
        var streaming = false
        if case .streaming = machine.state { streaming = true }
        return CameraSessionSummary(id: id, stream: CameraStreamHost.streamName, viewerID: viewer.id,
                                    viewerName: viewer.identity.name, transport: transport, endReason: ended?.reason,
                                    streaming: streaming, startedAt: startedAt, endedAt: ended?.at)
    }
}
