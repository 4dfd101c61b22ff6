extension PairingRedemptionError {
    /// The HTTP status `POST /pair` answers with (`docs/protocol.md` § 2.2).
    public var httpStatus: Int {
        switch self {
        case .malformedCode: 400
        case .unknownCode: 403
        case .expired, .alreadyUsed: 410
        case .lockedOut: 429
        }
    }

    /// The `code` of the JSON error body.
    public var code: String {
        switch self {
        case .malformedCode: "malformed-code"
        case .unknownCode: "unknown-code"
        case .expired: "expired-code"
        case .alreadyUsed: "code-used"
        case .lockedOut: "locked-out"
        }
    }

    /// The `message` of the JSON error body, for humans.
    public var message: String {
        switch self {
        case .malformedCode: "a pairing code is 8 characters, like 7K3Q-M9XD"
        case .unknownCode: "no such pairing code"
        case .expired: "this pairing code has expired; ask for a new one"
        case .alreadyUsed: "this pairing code was already used; ask for a new one"
        case .lockedOut: "too many wrong codes; pairing is locked until a new code is issued"
        }
    }

    /// The JSON error body `{"code":…,"message":…}`.
    public var responseBody: [UInt8] {
        JSONValue.object(["code": .string(code), "message": .string(message)]).encoded()
    }
}
