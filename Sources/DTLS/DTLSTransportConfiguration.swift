/// Knobs of a ``DTLSTransport``; the defaults are what WebRTC peers expect.
public struct DTLSTransportConfiguration: Sendable, Hashable {
    /// Largest datagram OpenSSL may emit. 1200 bytes fits any path ICE may pick, including
    /// TURN over IPv6, without IP fragmentation.
    public var mtu: Int = 1200
    /// First retransmission timeout; it doubles on each expiry. RFC 6347 §4.2.4.1 suggests 1 s.
    /// Values under 15 ms are raised to 15 ms (see below).
    public var initialRetransmitTimeout: Duration = .seconds(1)
    /// Ceiling for the doubling retransmission timeout. OpenSSL gives up after 12 expiries, so
    /// this also bounds how long an unanswered handshake lasts (RFC 6347 suggests 60 s).
    public var maximumRetransmitTimeout: Duration = .seconds(60)
    /// Offered in preference order through `use_srtp`.
    public var srtpProfiles: [DTLSSRTPProtectionProfile] = [.aeadAES128GCM, .aes128CMHMACSHA1_80]

    public init(mtu: Int = 1200, initialRetransmitTimeout: Duration = .seconds(1),
                maximumRetransmitTimeout: Duration = .seconds(60),
                srtpProfiles: [DTLSSRTPProtectionProfile] = [.aeadAES128GCM, .aes128CMHMACSHA1_80]) {
        self.mtu = mtu
        self.initialRetransmitTimeout = initialRetransmitTimeout
        self.maximumRetransmitTimeout = maximumRetransmitTimeout
        self.srtpProfiles = srtpProfiles
    }

    /// ECDHE suites, AEAD first. As a server we can only pick the ECDSA ones (our certificate
    /// is ECDSA, which is what aiortc and browsers expect); as a client we also offer the RSA
    /// ones, because some peers (GStreamer webrtcbin) present RSA certificates.
    static let cipherList = [
        "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-ECDSA-CHACHA20-POLY1305",
        "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-RSA-CHACHA20-POLY1305",
        "ECDHE-ECDSA-AES128-SHA", "ECDHE-ECDSA-AES256-SHA", "ECDHE-RSA-AES128-SHA", "ECDHE-RSA-AES256-SHA",
    ].joined(separator: ":")

    static let groups = "X25519:P-256:P-384"

    var initialRetransmitMicroseconds: UInt32 { Self.microseconds(initialRetransmitTimeout) }
    var maximumRetransmitMicroseconds: UInt32 {
        max(Self.microseconds(maximumRetransmitTimeout), initialRetransmitMicroseconds)
    }

    /// At least 15 ms: OpenSSL counts a timer with less than 15 ms left as expired, so a
    /// shorter one would fire on every call and exhaust the retries inside one handshake step.
    private static func microseconds(_ duration: Duration) -> UInt32 {
        let (seconds, attoseconds) = duration.components
        return UInt32(clamping: max(seconds * 1_000_000 + attoseconds / 1_000_000_000_000, 15_000))
    }
}
