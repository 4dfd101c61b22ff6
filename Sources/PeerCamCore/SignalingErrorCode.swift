/// The `code` of an `error` message: a short, stable, machine-readable string
/// (`[a-z][a-z0-9-]*`, at most 64 bytes). Clients branch on it; the `message`
/// beside it is for humans. Unknown codes from a newer peer are accepted and should
/// be treated as a generic failure. The table is in `docs/protocol.md` § Error codes.
public struct SignalingErrorCode: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: String

    /// Accepts any well-formed code, known or not.
    public init?(rawValue: String) {
        let bytes = Array(rawValue.utf8)
        guard let first = bytes.first, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first),
              bytes.count <= 64,
              bytes.allSatisfy({ (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0)
                  || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: "-") })
        else { return nil }
        self.rawValue = rawValue
    }

    private init(known: String) { rawValue = known }

    public var description: String { rawValue }

    // Malformed messages (SignalingDecodingError).
    public static let messageTooLarge = Self(known: "message-too-large")
    public static let invalidJSON = Self(known: "invalid-json")
    public static let unsupportedVersion = Self(known: "unsupported-version")
    public static let unknownType = Self(known: "unknown-type")
    public static let missingField = Self(known: "missing-field")
    public static let wrongType = Self(known: "wrong-type")
    public static let unknownField = Self(known: "unknown-field")
    public static let fieldNotAllowed = Self(known: "field-not-allowed")
    public static let invalidMessageID = Self(known: "invalid-message-id")
    public static let invalidSessionID = Self(known: "invalid-session-id")
    public static let invalidValue = Self(known: "invalid-value")

    // Well-formed messages that cannot be honoured.
    /// The connection's credential does not allow this message.
    public static let unauthorized = Self(known: "unauthorized")
    /// The sender's role may not send this message type (e.g. a viewer sending `stream:accept`).
    public static let forbidden = Self(known: "forbidden")
    /// `stream:request` names a camera this server does not serve.
    public static let unknownCamera = Self(known: "unknown-camera")
    /// The session id names no live session of this connection.
    public static let unknownSession = Self(known: "unknown-session")
    /// The message is not allowed in the session's current state.
    public static let illegalState = Self(known: "illegal-state")
    /// The receiver is overloaded or at its cap; retry later.
    public static let busy = Self(known: "busy")
    /// The requested stream already feeds its maximum number of viewers (per-stream cap).
    public static let streamFull = Self(known: "stream-full")
    /// The camera already serves its maximum number of viewers in total (total cap).
    public static let cameraFull = Self(known: "camera-full")
    /// A fault in the receiver; not the sender's mistake.
    public static let `internal` = Self(known: "internal")

    /// Every code this version defines, in documentation order.
    public static let allKnown: [SignalingErrorCode] = [
        .messageTooLarge, .invalidJSON, .unsupportedVersion, .unknownType, .missingField, .wrongType, .unknownField,
        .fieldNotAllowed, .invalidMessageID, .invalidSessionID, .invalidValue, .unauthorized, .forbidden,
        .unknownCamera, .unknownSession, .illegalState, .busy, .streamFull, .cameraFull, .internal,
    ]
}
