import Hummingbird

/// The refusals of WHEP requests the server decides before the session handler is asked
/// (`docs/protocol.md` §10.4). The handler's own refusals are `WHEPRefusal`.
extension SignalingHTTPRefusal {
    /// `Content-Type` is missing or not the one this request takes (RFC 9110 §15.5.16).
    static func unsupportedMediaType(expected: String) -> SignalingHTTPRefusal {
        SignalingHTTPRefusal(status: .unsupportedMediaType, code: "unsupported-media-type",
                             message: "this request takes Content-Type: \(expected)")
    }

    /// The body is over the limit; nothing past the limit was read (RFC 9110 §15.5.14).
    static func bodyTooLarge(limit: Int) -> SignalingHTTPRefusal {
        SignalingHTTPRefusal(status: .contentTooLarge, code: "body-too-large",
                             message: "the body is over the limit of \(limit) bytes")
    }

    /// `POST /whep/{stream}` without a body (absent or zero length).
    static let missingOffer = SignalingHTTPRefusal(
        status: .badRequest, code: "missing-offer", message: "POST /whep/{stream} needs an SDP offer as its body")

    /// A body of whitespace only.
    static let emptyOffer = SignalingHTTPRefusal(
        status: .badRequest, code: "empty-offer", message: "the SDP offer is blank")

    /// A WHEP session resource of another viewer.
    static let notSessionOwner = SignalingHTTPRefusal(
        status: .forbidden, code: "not-session-owner", message: "this WHEP session belongs to another viewer")
}
