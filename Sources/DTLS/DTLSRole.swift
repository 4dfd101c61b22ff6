/// Which side of the DTLS handshake this endpoint plays.
///
/// In WebRTC the roles come from the SDP `a=setup` attribute, not from who offered:
/// `active` starts the handshake (DTLS client), `passive` waits for it (DTLS server), and an
/// offer says `actpass` to let the answerer choose
/// ([RFC 5763 §5](https://www.rfc-editor.org/rfc/rfc5763#section-5),
/// [RFC 4145 §4](https://www.rfc-editor.org/rfc/rfc4145#section-4)).
public enum DTLSRole: String, Sendable, Hashable, CaseIterable {
    /// Sends the ClientHello (`a=setup:active`).
    case client
    /// Answers a ClientHello (`a=setup:passive`).
    case server

    /// The role our own `a=setup` value commits us to; `nil` for `actpass`, which commits to
    /// nothing until the answer arrives.
    public init?(localSetup: String) {
        switch localSetup.lowercased() {
        case "active": self = .client
        case "passive": self = .server
        default: return nil
        }
    }

    /// The role left for us by the peer's `a=setup` value, on either side of the exchange:
    /// an offerer that sent `actpass` reads the answer's `active`/`passive`; an answerer
    /// reading an offer's `actpass` answers `active` and becomes the client, as RFC 5763 §5
    /// asks of answerers.
    public init?(remoteSetup: String) {
        switch remoteSetup.lowercased() {
        case "active": self = .server
        case "passive", "actpass": self = .client
        default: return nil
        }
    }

    /// The `a=setup` value that announces this role in an answer.
    public var sdpSetup: String { self == .client ? "active" : "passive" }
}
