/// SRTP and SRTCP for one peer connection: protects what we send with our half of the
/// DTLS-SRTP keys and unprotects what the peer sends with its half
/// ([RFC 3711](https://www.rfc-editor.org/rfc/rfc3711), [RFC 5764 §4.2](https://www.rfc-editor.org/rfc/rfc5764#section-4.2)).
///
/// Streams are per SSRC and made on demand: an outbound stream the first time we protect a
/// packet of a new SSRC, an inbound one when a new peer SSRC's first packet authenticates.
/// Each inbound stream keeps a replay window.
///
/// Hot path: the `into:` variants write into a caller-owned buffer whose capacity is reused,
/// so a steady stream of packets allocates nothing.
///
/// - Important: Thread-safe. Sending and receiving use separate libsrtp contexts with separate
///   locks, so one thread may protect while another unprotects.
public final class SRTPSession: Sendable {
    public let profile: SRTPProtectionProfile
    private let outbound: SRTPContext
    private let inbound: SRTPContext

    /// - Parameters:
    ///   - keyingMaterial: our and the peer's master keys, split by DTLS role.
    ///   - replayWindow: how many packet indices back a late RTP packet is still accepted
    ///     (libsrtp allows 64…32767); video reordering after NACK needs more than the default 128.
    public init(keyingMaterial: SRTPKeyingMaterial, replayWindow: Int = 1024) throws(SRTPError) {
        profile = keyingMaterial.profile
        let window = min(max(replayWindow, 64), 0x7fff)
        outbound = try SRTPContext(direction: .outbound, profile: profile,
                                   masterKeyAndSalt: keyingMaterial.localMasterKeyAndSalt, replayWindow: window)
        inbound = try SRTPContext(direction: .inbound, profile: profile,
                                  masterKeyAndSalt: keyingMaterial.remoteMasterKeyAndSalt, replayWindow: window)
    }

    /// Encrypts and authenticates an RTP packet into `output` (RFC 3711 §3.3).
    public func protectRTP(_ packet: UnsafeRawBufferPointer, into output: inout [UInt8]) throws(SRTPError) {
        try outbound.transform(packet, into: &output, rtcp: false)
    }

    /// Verifies, replay-checks and decrypts an SRTP packet into `output` (RFC 3711 §3.3).
    /// Takes the receive buffer as it is, so the network layer need not copy it into an array.
    public func unprotectRTP(_ packet: UnsafeRawBufferPointer, into output: inout [UInt8]) throws(SRTPError) {
        try inbound.transform(packet, into: &output, rtcp: false)
    }

    /// Encrypts and authenticates an RTCP compound packet into `output` (RFC 3711 §3.4).
    public func protectRTCP(_ packet: UnsafeRawBufferPointer, into output: inout [UInt8]) throws(SRTPError) {
        try outbound.transform(packet, into: &output, rtcp: true)
    }

    /// Verifies, replay-checks and decrypts an SRTCP packet into `output` (RFC 3711 §3.4).
    public func unprotectRTCP(_ packet: UnsafeRawBufferPointer, into output: inout [UInt8]) throws(SRTPError) {
        try inbound.transform(packet, into: &output, rtcp: true)
    }

    public func protectRTP(_ packet: [UInt8], into output: inout [UInt8]) throws(SRTPError) {
        try transform(outbound, packet, into: &output, rtcp: false)
    }

    public func unprotectRTP(_ packet: [UInt8], into output: inout [UInt8]) throws(SRTPError) {
        try transform(inbound, packet, into: &output, rtcp: false)
    }

    public func protectRTCP(_ packet: [UInt8], into output: inout [UInt8]) throws(SRTPError) {
        try transform(outbound, packet, into: &output, rtcp: true)
    }

    public func unprotectRTCP(_ packet: [UInt8], into output: inout [UInt8]) throws(SRTPError) {
        try transform(inbound, packet, into: &output, rtcp: true)
    }

    /// Allocating conveniences for code off the hot path and for tests.
    public func protectRTP(_ packet: [UInt8]) throws(SRTPError) -> [UInt8] {
        var output: [UInt8] = []
        try protectRTP(packet, into: &output)
        return output
    }

    public func unprotectRTP(_ packet: [UInt8]) throws(SRTPError) -> [UInt8] {
        var output: [UInt8] = []
        try unprotectRTP(packet, into: &output)
        return output
    }

    public func protectRTCP(_ packet: [UInt8]) throws(SRTPError) -> [UInt8] {
        var output: [UInt8] = []
        try protectRTCP(packet, into: &output)
        return output
    }

    public func unprotectRTCP(_ packet: [UInt8]) throws(SRTPError) -> [UInt8] {
        var output: [UInt8] = []
        try unprotectRTCP(packet, into: &output)
        return output
    }

    /// Drops the outbound stream of an SSRC we stopped sending; a later packet recreates it
    /// (with a fresh rollover counter, so only do this for an SSRC that is really gone).
    public func removeOutboundStream(ssrc: UInt32) {
        outbound.removeOutboundStream(ssrc: ssrc)
    }

    /// How many SSRCs we protect for at the moment.
    public var outboundStreamCount: Int { outbound.outboundStreamCount }

    private func transform(_ context: SRTPContext, _ packet: [UInt8], into output: inout [UInt8],
                           rtcp: Bool) throws(SRTPError) {
        // withUnsafeBytes only rethrows untyped errors; carry the typed one out in a Result.
        let result = packet.withUnsafeBytes { bytes in
            Result { () throws(SRTPError) in try context.transform(bytes, into: &output, rtcp: rtcp) }
        }
        try result.get()
    }
}
