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

    var summary: CameraSessionSummary {
        CameraSessionSummary(id: id, viewer: viewer.id, viewerName: viewer.identity.name, transport: transport.name,
                             stream: CameraStreamHost.streamName, state: CameraSessionSummary.State(machine.state),
                             startedAt: startedAt, connectedAt: connectedAt, endedAt: nil,
                             statistics: sender?.statistics)
    }
}

/// One row of the session list (`camera-agent sessions`, `GET /sessions`).
public struct CameraSessionSummary: Sendable, Equatable {
    public enum State: Sendable, Equatable, CustomStringConvertible {
        case requested, streaming, ended(SessionEndReason)

        init(_ state: CameraSession.Machine.State) {
            switch state {
            case .requested: self = .requested
            case .streaming: self = .streaming
            case .ended(let reason): self = .ended(reason)
            }
        }

        public var description: String {
            switch self {
            case .requested: "requested"
            case .streaming: "streaming"
            case .ended(let reason): "ended(\(reason.code))"
            }
        }
    }

    public var id: SessionID
    public var viewer: DeviceID
    public var viewerName: String
    public var transport: String
    public var stream: String
    public var state: State
    public var startedAt: Date
    public var connectedAt: Date?
    public var endedAt: Date?
    public var statistics: PeerMediaSenderStatistics?
}
