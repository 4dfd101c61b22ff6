/// Media direction attributes, [RFC 8866 §6.7](https://www.rfc-editor.org/rfc/rfc8866#section-6.7),
/// seen from the side that wrote them.
public enum SDPDirection: String, Equatable, Hashable, Sendable, CaseIterable {
    case sendrecv, sendonly, recvonly, inactive

    public init(sends: Bool, receives: Bool) {
        switch (sends, receives) {
        case (true, true): self = .sendrecv
        case (true, false): self = .sendonly
        case (false, true): self = .recvonly
        case (false, false): self = .inactive
        }
    }

    public var sends: Bool { self == .sendrecv || self == .sendonly }
    public var receives: Bool { self == .sendrecv || self == .recvonly }

    /// The same stream seen from the other side: the offer's `sendonly` is the answer's `recvonly`.
    public var reversed: SDPDirection { SDPDirection(sends: receives, receives: sends) }

    /// What both sides agree to: RFC 3264 §6.1, the answer may only narrow the offer.
    public func intersection(_ other: SDPDirection) -> SDPDirection {
        SDPDirection(sends: sends && other.sends, receives: receives && other.receives)
    }

    public var attribute: SDPAttribute { SDPAttribute(rawValue) }
}
