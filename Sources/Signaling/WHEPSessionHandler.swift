import DeviceStore
import PeerCamCore

/// What the camera agent does for WHEP ([RFC 9725](https://www.rfc-editor.org/rfc/rfc9725)
/// mechanics, egress direction) once the `SignalingServer` has done the HTTP side.
///
/// Before a call reaches the handler the server has checked the bearer token (a paired,
/// non-revoked viewer), the content type, the body size, that the offer or fragment parses as
/// SDP, and for PATCH/DELETE that the session exists, belongs to this viewer and (PATCH) that
/// `If-Match` names its current ETag. The server assigns session ids and ETags and keeps the
/// `Location` resources; the handler only runs sessions.
///
/// A type that also conforms to `CameraSignalingHandler` implements `sessionsEnded` once for
/// both: session ids are unique across transports.
public protocol WHEPSessionHandler: Sendable {
    /// A viewer POSTed an offer for `stream`; the server has assigned `session` to it.
    ///
    /// - Returns: the complete SDP answer, with the camera's candidates in it (WHEP has no
    ///   server-to-client trickle, so gather before answering; too slow → `.iceGatheringTimeout`).
    /// - Throws: the refusal the viewer gets (`.unknownStream`, `.noUsableCodec` — see
    ///   `WHEPRefusal(offerError:)` —, `.streamCapReached`, `.totalCapReached`, …). After a
    ///   refusal the server forgets `session`.
    func createSession(_ session: SessionID, stream: String, offer: String,
                       viewer: PairedDevice) async throws(WHEPRefusal) -> String

    /// A PATCH on one of the viewer's live sessions: trickled candidates, or an ICE restart.
    ///
    /// - Returns: `.applied` (204) for trickle, `.restarted` (200) with the camera's new ICE
    ///   credentials and candidates for a restart; the server then issues a new ETag.
    /// - Throws: `.iceRestartUnsupported` (422), `.malformedFragment` for candidates the ICE
    ///   agent refuses, `.unknownSession` if the session ended meanwhile.
    func updateSession(_ session: SessionID, patch: WHEPSessionPatch,
                       viewer: DeviceID) async throws(WHEPRefusal) -> WHEPSessionUpdate

    /// The viewer DELETEd its session (hang-up). Returns whether the session was still live;
    /// the server answers 204 either way (DELETE is idempotent).
    func deleteSession(_ session: SessionID, viewer: DeviceID) async -> Bool

    /// Sessions the server ended on its own: `.revoked` when the viewer's device was revoked,
    /// `.shutdown` when the server stops. The server has already forgotten them.
    func sessionsEnded(_ sessions: [SessionID], viewer: DeviceID, reason: SessionEndReason) async
}

/// A validated PATCH body ([RFC 8840 §9](https://www.rfc-editor.org/rfc/rfc8840#section-9),
/// `application/trickle-ice-sdpfrag`), reduced to what a `PeerConnection` takes.
public struct WHEPSessionPatch: Sendable, Equatable {
    /// RFC 9725 §4.3: `If-Match: *` asks for an ICE restart, anything else is trickle.
    public enum Kind: String, Sendable, Equatable {
        case trickle
        case iceRestart = "ice-restart"
    }

    public var kind: Kind
    /// The client's ICE credentials in the fragment (required for a restart: the new ones).
    public var iceUfrag: String?
    public var icePwd: String?
    /// Each candidate as `candidate:…` (the form `PeerConnection.addRemoteCandidate` takes),
    /// in fragment order; every one has parsed as an RFC 8839 §5.1 candidate.
    public var candidates: [String]
    /// The client finished gathering (`a=end-of-candidates`, RFC 8838 §8.2).
    public var endOfCandidates: Bool
    /// The body as received.
    public var fragment: String

    public init(kind: Kind, iceUfrag: String?, icePwd: String?, candidates: [String], endOfCandidates: Bool,
                fragment: String) {
        self.kind = kind
        self.iceUfrag = iceUfrag
        self.icePwd = icePwd
        self.candidates = candidates
        self.endOfCandidates = endOfCandidates
        self.fragment = fragment
    }
}

/// What a PATCH did (RFC 9725 §4.3.1, §4.3.2).
public enum WHEPSessionUpdate: Sendable, Equatable {
    /// Trickled candidates were applied: `204 No Content`.
    case applied
    /// The ICE restart is under way: `200 OK` with this `application/trickle-ice-sdpfrag` body
    /// (the camera's new `a=ice-ufrag`, `a=ice-pwd` and candidates) and a new ETag.
    case restarted(answerFragment: String)
}
