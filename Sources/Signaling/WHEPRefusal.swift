import Hummingbird
import SDP

/// Why the camera refused a WHEP request that reached its session handler
/// ([RFC 9725 §4.2–§4.4](https://www.rfc-editor.org/rfc/rfc9725#section-4.2), used for
/// egress as WHEP does). Each case is one row of the error matrix in `docs/protocol.md` §10,
/// with its own status and machine code, so a player can tell "try again later" (503, 504)
/// from "change something" (400, 404, 406).
///
/// The server checks the HTTP side itself (token, role, content type, body, resource
/// ownership, `If-Match`); a `WHEPSessionHandler` throws these for what only the agent knows.
public enum WHEPRefusal: Error, Sendable, Equatable {
    /// The offer is not an SDP offer the camera can read (RFC 8866), or breaks a WebRTC rule
    /// that is not about codecs (no BUNDLE, no fingerprint, no ICE credentials…).
    case malformedOffer(String)
    /// A PATCH body is not an RFC 8840 trickle fragment the camera can apply.
    case malformedFragment(String)
    /// The offer has no H264 (packetization-mode 1, a profile our stream fits) or no Opus
    /// where the camera needs one: 406, as RFC 9725 §4.2 leaves the status to the server.
    case noUsableCodec(String)
    /// The path names no stream of this camera.
    case unknownStream(String)
    /// The session resource is gone (ended, deleted, never existed).
    case unknownSession
    /// The stream already serves its maximum number of viewers.
    case streamCapReached(stream: String, limit: Int)
    /// The camera already serves its maximum number of viewers over all streams.
    case totalCapReached(limit: Int)
    /// The camera could not gather its ICE candidates in time to put them in the answer.
    case iceGatheringTimeout
    /// RFC 9725 §4.3: a session that supports trickle but not ICE restarts answers 422 to a
    /// restart request.
    case iceRestartUnsupported
    /// RFC 9725 §4.3.1: `If-Match` names an ICE session that is no longer current.
    case preconditionFailed
    /// A fault in the camera, not the client's mistake; the text is logged, not sent.
    case internalError(String)

    /// Seconds a client should wait before trying again after a cap refusal.
    public static let capRetryAfterSeconds = 10

    /// The HTTP status of this refusal.
    public var status: HTTPResponse.Status {
        switch self {
        case .malformedOffer, .malformedFragment: .badRequest
        case .noUsableCodec: .notAcceptable
        case .unknownStream, .unknownSession: .notFound
        case .streamCapReached, .totalCapReached: .serviceUnavailable
        case .iceGatheringTimeout: .gatewayTimeout
        case .iceRestartUnsupported: .unprocessableContent
        case .preconditionFailed: .preconditionFailed
        case .internalError: .internalServerError
        }
    }

    /// The stable machine code of the JSON body (`docs/protocol.md` §2.4).
    public var code: String {
        switch self {
        case .malformedOffer: "malformed-offer"
        case .malformedFragment: "malformed-fragment"
        case .noUsableCodec: "no-usable-codec"
        case .unknownStream: "unknown-stream"
        case .unknownSession: "unknown-session"
        case .streamCapReached: "stream-cap-reached"
        case .totalCapReached: "total-cap-reached"
        case .iceGatheringTimeout: "ice-gathering-timeout"
        case .iceRestartUnsupported: "ice-restart-unsupported"
        case .preconditionFailed: "precondition-failed"
        case .internalError: "internal"
        }
    }

    /// The human message of the JSON body; input is echoed at most 40 characters long.
    public var message: String {
        switch self {
        case .malformedOffer(let reason): "the offer is not a usable SDP offer: \(reason.bounded)"
        case .malformedFragment(let reason): "the body is not a usable trickle-ice-sdpfrag: \(reason.bounded)"
        case .noUsableCodec(let reason): "the offer shares no usable codec with this camera (H264 and Opus): \(reason.bounded)"
        case .unknownStream(let name): "this camera has no stream '\(name.clipped)'"
        case .unknownSession: "no such WHEP session"
        case .streamCapReached(let stream, let limit):
            "stream '\(stream.clipped)' already has its maximum of \(limit) viewers; retry later"
        case .totalCapReached(let limit): "the camera already serves its maximum of \(limit) viewers; retry later"
        case .iceGatheringTimeout: "the camera could not gather its ICE candidates in time; retry"
        case .iceRestartUnsupported: "this session supports trickle ICE but not ICE restarts"
        case .preconditionFailed: "If-Match does not name the session's current ICE session (ETag)"
        case .internalError: "the camera could not complete this request"
        }
    }

    /// The §2.4 refusal the server sends.
    var httpRefusal: SignalingHTTPRefusal {
        switch self {
        case .streamCapReached, .totalCapReached:
            SignalingHTTPRefusal(status: status, code: code, message: message,
                                 retryAfterSeconds: Self.capRetryAfterSeconds)
        default:
            SignalingHTTPRefusal(status: status, code: code, message: message)
        }
    }
}

extension WHEPRefusal {
    /// The refusal for what `PeerConnection.setRemoteOffer` (or the SDP module) threw about an
    /// offer: codec problems are 406, every other SDP problem 400, anything else a fault.
    /// A handler calls this so every implementation draws the 400/406 line in the same place.
    public init(offerError error: any Error) {
        switch error {
        case let error as SDPParseError:
            self = .malformedOffer(String(describing: error))
        case let error as SDPNegotiationError:
            switch error {
            case .noH264, .noH264PacketizationMode1, .noCompatibleH264Profile, .noOpus, .missingMedia:
                self = .noUsableCodec(String(describing: error))
            default:
                self = .malformedOffer(String(describing: error))
            }
        case let error as WHEPRefusal:
            self = error
        default:
            self = .internalError(String(describing: error))
        }
    }
}

extension String {
    /// At most 40 characters of input in a human message (`docs/protocol.md` §7).
    var clipped: String { count <= 40 ? self : String(prefix(40)) + "…" }
    /// Our own explanations (which may quote a mid or an attribute name) kept to one line.
    var bounded: String { count <= 200 ? self : String(prefix(200)) + "…" }
}
