/// `a=setup`, which side opens the DTLS association,
/// [RFC 4145 §4](https://www.rfc-editor.org/rfc/rfc4145#section-4) as used by RFC 5763 §5 and RFC 8842 §5.
public enum SDPSetupRole: String, Equatable, Hashable, Sendable, CaseIterable {
    /// Sends the DTLS ClientHello.
    case active
    /// Waits for the ClientHello.
    case passive
    /// Offer only: lets the answerer choose.
    case actpass
    /// Not used by WebRTC; refused by negotiation.
    case holdconn

    public var attribute: SDPAttribute { SDPAttribute("setup", rawValue) }
}
