/// Why bytes received on the signaling channel are not a valid `SignalingMessage`.
///
/// Each case names the rule broken, with the field path (`payload.sdp.type`) where it
/// applies; `report` turns it into the `error` message to send back, so a malformed
/// message is always answered, never dropped silently and never a crash.
/// Rules and order of checks: `docs/protocol.md` § Decoding rules.
public enum SignalingDecodingError: Error, Sendable, Hashable {
    /// More than `SignalingMessage.maximumSize` bytes.
    case messageTooLarge(byteCount: Int, limit: Int)
    /// Not UTF-8 JSON text (RFC 8259), or nested deeper than 32 levels.
    case invalidJSON
    /// One object holds the same key twice (RFC 8259 §4 leaves the meaning open; we
    /// refuse, so that every parser on the path sees the same message).
    case duplicateKey(String)
    /// The JSON text is not an object.
    case envelopeNotObject
    /// A required field is absent.
    case missingField(String)
    /// A field holds the wrong JSON kind.
    case wrongType(field: String, expected: JSONKind)
    /// A field this version does not define (unknown fields are rejected everywhere).
    case unknownField(String)
    /// A field defined by the protocol but not allowed here (`session` on
    /// `stream:request`, `message` with a reason other than `error`).
    case fieldNotAllowed(String)
    /// `v` is an integer this code does not speak.
    case unsupportedVersion(Int64)
    /// `type` is not one of the message types.
    case unknownType(String)
    /// `id` (or a field that refers to one: `request`, `re`) is not a valid message id.
    case invalidMessageID(field: String, SignalingMessageIDFormatError)
    /// `session` is not a canonical session id.
    case invalidSessionID(IdentifierFormatError)
    /// A device id field (`camera`, `viewer`) is not a canonical device id.
    case invalidDeviceID(field: String, IdentifierFormatError)
    /// `stream:request` asks for neither video nor audio.
    case emptyMediaRequest
    /// `reason` is not one of the end reason codes.
    case unknownEndReason(String)
    /// `payload.sdp.type` is neither `offer` nor `answer`.
    case unknownSDPType(String)
    /// `webrtc:signal` payload has not exactly one of `sdp`, `candidate`, `endOfCandidates`.
    case signalKindNotExactlyOne(found: Int)
    /// `payload.endOfCandidates` is present but not `true`.
    case endOfCandidatesNotTrue
    /// `payload.candidate.candidate` does not start with `candidate:` (RFC 8839 §5.1).
    case candidateNotAttribute
    /// A candidate names neither `sdpMid` nor `sdpMLineIndex`.
    case candidateWithoutMediaSection
    /// `sdpMLineIndex` is negative or absurdly large (limit 255).
    case mediaLineIndexOutOfRange(Int64)
    /// `payload.code` of an `error` message is not a well-formed error code.
    case invalidErrorCode(String)
    /// A device name (pairing) breaks the `DeviceIdentity` name rules.
    case invalidDeviceName(DeviceNameError)

    /// The `error` payload that answers this failure.
    public var report: SignalingErrorReport {
        SignalingErrorReport(code: code, message: message)
    }

    public var code: SignalingErrorCode {
        switch self {
        case .messageTooLarge: .messageTooLarge
        case .invalidJSON, .duplicateKey, .envelopeNotObject: .invalidJSON
        case .missingField: .missingField
        case .wrongType: .wrongType
        case .unknownField: .unknownField
        case .fieldNotAllowed: .fieldNotAllowed
        case .unsupportedVersion: .unsupportedVersion
        case .unknownType: .unknownType
        case .invalidMessageID: .invalidMessageID
        case .invalidSessionID: .invalidSessionID
        case .invalidDeviceID, .emptyMediaRequest, .unknownEndReason, .unknownSDPType, .signalKindNotExactlyOne,
             .endOfCandidatesNotTrue, .candidateNotAttribute, .candidateWithoutMediaSection,
             .mediaLineIndexOutOfRange, .invalidErrorCode, .invalidDeviceName:
            .invalidValue
        }
    }

    /// A message for humans. It names fields but never echoes long or secret input.
    public var message: String {
        switch self {
        case .messageTooLarge(let count, let limit): "message is \(count) bytes, limit is \(limit)"
        case .invalidJSON: "message is not valid UTF-8 JSON"
        case .duplicateKey(let key): "key '\(key.prefix(40))' appears twice in one object"
        case .envelopeNotObject: "message is not a JSON object"
        case .missingField(let field): "missing field '\(field)'"
        case .wrongType(let field, let expected): "field '\(field)' must be of type \(expected.rawValue)"
        case .unknownField(let field): "unknown field '\(field)'"
        case .fieldNotAllowed(let field): "field '\(field)' is not allowed here"
        case .unsupportedVersion(let version): "unsupported version \(version); this peer speaks \(SignalingMessage.version)"
        case .unknownType(let type): "unknown message type '\(type.prefix(40))'"
        case .invalidMessageID(let field, _): "field '\(field)' is not a message id (1-64 of [A-Za-z0-9._:-])"
        case .invalidSessionID: "field 'session' is not a session id (26 Crockford base32 symbols)"
        case .invalidDeviceID(let field, _): "field '\(field)' is not a device id (26 Crockford base32 symbols)"
        case .emptyMediaRequest: "stream:request must ask for video, audio or both"
        case .unknownEndReason(let reason): "unknown end reason '\(reason.prefix(40))'"
        case .unknownSDPType(let type): "sdp type '\(type.prefix(40))' is neither offer nor answer"
        case .signalKindNotExactlyOne(let found):
            "webrtc:signal needs exactly one of sdp, candidate, endOfCandidates; found \(found)"
        case .endOfCandidatesNotTrue: "endOfCandidates must be true"
        case .candidateNotAttribute: "candidate must start with 'candidate:'"
        case .candidateWithoutMediaSection: "candidate needs sdpMid or sdpMLineIndex"
        case .mediaLineIndexOutOfRange(let index): "sdpMLineIndex \(index) is outside 0...255"
        case .invalidErrorCode: "error code must match [a-z][a-z0-9-]* (at most 64 bytes)"
        case .invalidDeviceName: "name must be 1-64 UTF-8 bytes without control characters"
        }
    }
}
