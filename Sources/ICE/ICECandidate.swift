import CNice

/// One ICE candidate as it travels in signaling: the `candidate` attribute value of
/// RFC 8839 §5.1 (`candidate:1 1 UDP 2015363327 127.0.0.1 40000 typ host`), plus the fields
/// a caller needs without parsing it again.
public struct ICECandidate: Equatable, Sendable {
    /// The candidate type (RFC 8445 §5.1.1).
    public enum Kind: String, Equatable, Sendable {
        case host, serverReflexive = "srflx", peerReflexive = "prflx", relayed = "relay"
    }

    /// The transport (RFC 8445 for UDP, RFC 6544 §4.5 for the TCP types).
    public enum Transport: String, Equatable, Sendable {
        case udp, tcpActive, tcpPassive, tcpSimultaneousOpen
    }

    /// The attribute value without `a=`, as WebRTC's `RTCIceCandidate.candidate` carries it.
    public var sdp: String
    public var kind: Kind
    public var transport: Transport
    /// The connection address, an IPv4 or IPv6 literal.
    public var address: String
    public var port: UInt16
    public var priority: UInt32

    /// The full SDP line, `a=candidate:…`.
    public var sdpLine: String { "a=" + sdp }

    public init(sdp: String, kind: Kind, transport: Transport, address: String, port: UInt16, priority: UInt32) {
        self.sdp = sdp
        self.kind = kind
        self.transport = transport
        self.address = address
        self.port = port
        self.priority = priority
    }
}

extension ICECandidate {
    /// Reads a libnice candidate; the SDP text comes from libnice's own generator so that
    /// what we send is what `nice_agent_parse_remote_candidate_sdp` accepts on the far side.
    init(agent: OpaquePointer, candidate: UnsafeMutablePointer<NiceCandidate>) {
        var sdp = ""
        if let generated = nice_agent_generate_local_candidate_sdp(agent, candidate) {
            sdp = String(cString: generated)
            g_free(generated)
        }
        if sdp.hasPrefix("a=") { sdp.removeFirst(2) }
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        nice_address_to_string(&candidate.pointee.addr, &text)
        let address = String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        self.init(
            sdp: sdp,
            kind: Kind(nice: candidate.pointee.type),
            transport: Transport(nice: candidate.pointee.transport),
            address: address,
            port: UInt16(truncatingIfNeeded: nice_address_get_port(&candidate.pointee.addr)),
            priority: candidate.pointee.priority)
    }
}

extension ICECandidate.Kind {
    init(nice: NiceCandidateType) {
        switch nice {
        case NICE_CANDIDATE_TYPE_SERVER_REFLEXIVE: self = .serverReflexive
        case NICE_CANDIDATE_TYPE_PEER_REFLEXIVE: self = .peerReflexive
        case NICE_CANDIDATE_TYPE_RELAYED: self = .relayed
        default: self = .host
        }
    }
}

extension ICECandidate.Transport {
    init(nice: NiceCandidateTransport) {
        switch nice {
        case NICE_CANDIDATE_TRANSPORT_TCP_ACTIVE: self = .tcpActive
        case NICE_CANDIDATE_TRANSPORT_TCP_PASSIVE: self = .tcpPassive
        case NICE_CANDIDATE_TRANSPORT_TCP_SO: self = .tcpSimultaneousOpen
        default: self = .udp
        }
    }
}
