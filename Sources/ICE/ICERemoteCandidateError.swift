/// Why a remote candidate from signaling was not added (RFC 8839 §5.1 grammar,
/// RFC 8843 / RFC 8858 single-component BUNDLE transport).
public enum ICERemoteCandidateError: Error, Equatable, Sendable {
    /// The text is not a `candidate:` attribute (with or without `a=`).
    case rfc8839NotACandidateAttribute(String)
    /// The connection address is an mDNS hostname (`….local`), which this agent does not
    /// resolve; the peer must expose an IP (browsers: loopback flag or mDNS off).
    case mdnsHostnameUnsupported(String)
    /// libnice could not parse it (missing fields, unknown `typ`/transport, bad address).
    case rfc8839Unparseable(String)
    /// A component other than 1: with rtcp-mux and BUNDLE only component 1 exists.
    case rfc8858ComponentNotMuxed(component: UInt32)
    /// An ICE-TCP candidate (RFC 6544) while `tcpCandidates` is off: libnice ignores it, so
    /// signaling may skip it knowingly (browsers trickle TCP candidates alongside UDP ones).
    case rfc6544TCPCandidatesDisabled(String)
    /// libnice refused to add the parsed candidate.
    case rejectedByAgent(String)
}
