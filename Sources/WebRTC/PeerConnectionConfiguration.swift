import DTLS
import ICE

/// What a ``PeerConnection`` is built from. Everything slow or random that can be made once
/// (the DTLS certificate) is made by the caller and passed in, so connection set-up never
/// generates keys.
///
/// The defaults are safe for a camera on an unknown network: no STUN or TURN server (an
/// operator must name one; PeerCam never contacts a public server), host candidates on every
/// interface except loopback, UPnP off (the ICE wrapper never enables it).
public struct PeerConnectionConfiguration: Sendable {
    /// Our DTLS identity; its SHA-256 fingerprint goes into every offer and answer
    /// ([RFC 8122 §5](https://www.rfc-editor.org/rfc/rfc8122#section-5)).
    public var certificate: DTLSCertificate
    /// Optional STUN server for server-reflexive candidates; `nil` by default.
    public var stunServer: ICEAgentConfiguration.STUNServer?
    /// TURN servers for relayed candidates; none by default.
    public var turnServers: [ICEAgentConfiguration.TURNServer]
    /// Where host candidates come from. Tests on loopback pass `.only(["127.0.0.1"])`
    /// (libnice skips loopback when gathering otherwise).
    public var localAddresses: ICEAgentConfiguration.LocalAddresses
    /// ICE check timers; shorter ones make a dead peer fail faster.
    public var iceTimeouts: ICEAgentConfiguration.Timeouts
    /// DTLS knobs. The default first retransmission timeout is 200 ms rather than RFC 6347's
    /// 1 s: on a real-time path a lost first flight should not cost a second of set-up.
    public var dtls: DTLSTransportConfiguration
    /// How many packets and how long datagrams that arrive before their layer is ready
    /// (DTLS before the transport exists, SRTP before the keys) are held.
    public var pendingLimits: PendingDatagramQueue.Limits
    /// RTCP CNAME of what we send (RFC 7022: should be random per session when not set).
    public var cname: String?
    /// How long after the first offer or answer the connection may take to reach
    /// `.connected` before it fails with `.connectionTimedOut`. ICE alone never gives up
    /// when no candidate pair could even be formed (nothing trickled, or all refused).
    public var connectionTimeout: Duration

    public init(certificate: DTLSCertificate,
                stunServer: ICEAgentConfiguration.STUNServer? = nil,
                turnServers: [ICEAgentConfiguration.TURNServer] = [],
                localAddresses: ICEAgentConfiguration.LocalAddresses = .allInterfaces(includeLoopback: false),
                iceTimeouts: ICEAgentConfiguration.Timeouts = .standard,
                dtls: DTLSTransportConfiguration = DTLSTransportConfiguration(initialRetransmitTimeout: .milliseconds(200)),
                pendingLimits: PendingDatagramQueue.Limits = .standard,
                cname: String? = nil,
                connectionTimeout: Duration = .seconds(30)) {
        self.certificate = certificate
        self.stunServer = stunServer
        self.turnServers = turnServers
        self.localAddresses = localAddresses
        self.iceTimeouts = iceTimeouts
        self.dtls = dtls
        self.pendingLimits = pendingLimits
        self.cname = cname
        self.connectionTimeout = connectionTimeout
    }

    /// The loopback-only set-up two peers in one process (tests, benchmarks) use: exactly
    /// 127.0.0.1, no servers, short check timers.
    public static func loopback(certificate: DTLSCertificate) -> PeerConnectionConfiguration {
        PeerConnectionConfiguration(
            certificate: certificate,
            localAddresses: .only(["127.0.0.1"]),
            iceTimeouts: .init(stunInitialMilliseconds: 50, stunMaxRetransmissions: 4, idleMilliseconds: 500),
            connectionTimeout: .seconds(10))
    }

    func iceConfiguration(role: ICEAgentConfiguration.Role) -> ICEAgentConfiguration {
        ICEAgentConfiguration(role: role, localAddresses: localAddresses, stunServer: stunServer,
                              turnServers: turnServers, timeouts: iceTimeouts)
    }
}
