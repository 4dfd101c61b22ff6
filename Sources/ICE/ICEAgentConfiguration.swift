/// How an `ICEAgent` gathers and checks candidates. The defaults are safe for a camera on an
/// unknown network: host candidates on every interface except loopback, no STUN or TURN
/// server (an operator must name one), no UPnP, consent freshness on.
public struct ICEAgentConfiguration: Sendable {
    /// Which side nominates the pair (RFC 8445 §6.1.1). The offerer is usually controlling.
    public enum Role: Sendable, Equatable {
        case controlling, controlled
    }

    /// Where host candidates come from.
    public enum LocalAddresses: Sendable, Equatable {
        /// Every interface address; loopback too when asked (libnice skips it otherwise).
        case allInterfaces(includeLoopback: Bool)
        /// Exactly these IP literals (`"127.0.0.1"`, `"::1"`, a namespace's veth address).
        case only([String])
    }

    /// A STUN server for server-reflexive candidates (RFC 8445 §5.1.1.2). libnice takes one.
    public struct STUNServer: Sendable, Equatable {
        public var address: String
        public var port: UInt16
        public init(address: String, port: UInt16 = 3478) {
            self.address = address
            self.port = port
        }
    }

    /// A TURN server for relayed candidates (RFC 8656), reached over UDP, TCP or TLS.
    public struct TURNServer: Sendable, Equatable {
        public enum Transport: Sendable, Equatable { case udp, tcp, tls }
        /// An IP literal: libnice does not resolve TURN server names.
        public var address: String
        public var port: UInt16
        public var username: String
        public var password: String
        public var transport: Transport
        public init(address: String, port: UInt16, username: String, password: String, transport: Transport) {
            self.address = address
            self.port = port
            self.username = username
            self.password = password
            self.transport = transport
        }
    }

    /// Timers that bound how long checks take to succeed or fail.
    public struct Timeouts: Sendable, Equatable {
        /// RTO of the first STUN transmission, in ms (RFC 8489 §6.2.1; libnice 20…9999).
        public var stunInitialMilliseconds: UInt32
        /// Retransmissions before a check fails, `Rc` (RFC 8489 §6.2.1; libnice 1…99).
        public var stunMaxRetransmissions: UInt32
        /// How long an agent with nothing left in progress waits before declaring failure,
        /// in ms (libnice `idle-timeout`, 50…60000).
        public var idleMilliseconds: UInt32

        /// libnice's own defaults: a failed session is declared after roughly 10–30 s.
        public static let standard = Timeouts(stunInitialMilliseconds: 200, stunMaxRetransmissions: 7, idleMilliseconds: 5000)

        public init(stunInitialMilliseconds: UInt32, stunMaxRetransmissions: UInt32, idleMilliseconds: UInt32) {
            self.stunInitialMilliseconds = stunInitialMilliseconds
            self.stunMaxRetransmissions = stunMaxRetransmissions
            self.idleMilliseconds = idleMilliseconds
        }
    }

    public var role: Role
    public var localAddresses: LocalAddresses
    public var stunServer: STUNServer?
    public var turnServers: [TURNServer]
    public var timeouts: Timeouts
    /// RFC 7675 consent freshness (implies request/response keepalives): libnice checks every
    /// ~5 s and fails the component when the peer stops answering for 10 s. WebRTC requires it.
    public var consentFreshness: Bool
    /// Also gather ICE-TCP candidates (RFC 6544). Off by default: more sockets, rarely needed.
    public var tcpCandidates: Bool
    /// Restrict local UDP/TCP ports, e.g. for a firewall rule. `nil`: any free port.
    public var portRange: ClosedRange<UInt16>?

    public init(
        role: Role,
        localAddresses: LocalAddresses = .allInterfaces(includeLoopback: false),
        stunServer: STUNServer? = nil,
        turnServers: [TURNServer] = [],
        timeouts: Timeouts = .standard,
        consentFreshness: Bool = true,
        tcpCandidates: Bool = false,
        portRange: ClosedRange<UInt16>? = nil
    ) {
        self.role = role
        self.localAddresses = localAddresses
        self.stunServer = stunServer
        self.turnServers = turnServers
        self.timeouts = timeouts
        self.consentFreshness = consentFreshness
        self.tcpCandidates = tcpCandidates
        self.portRange = portRange
    }
}
