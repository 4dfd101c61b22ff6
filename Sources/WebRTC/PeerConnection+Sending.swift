import ICE
import SRTP

/// The send path: SRTP/SRTCP protect into one reusable buffer, then the ICE component.
/// Refused before `.connected`, so no media ever leaves before DTLS is up.
extension PeerConnection {
    /// Protects and sends one RTP packet of a negotiated sending transceiver (its SSRC).
    public func send(rtp packet: UnsafeRawBufferPointer) throws(PeerConnectionSendError) {
        guard packet.count >= 12 else { throw .rfc3550PacketTooShort(byteCount: packet.count) }
        let (srtp, agent) = try sendPath(ssrc: RTPReceiveRouter.readUInt32(packet, at: 8))
        try sendBuffer.withLock { (buffer: inout [UInt8]) throws(PeerConnectionSendError) in
            do throws(SRTPError) { try srtp.protectRTP(packet, into: &buffer) } catch { throw .srtp(error) }
            do throws(ICESendError) { try agent.send(buffer) } catch { throw .ice(error) }
        }
    }

    /// Protects and sends one RTCP compound packet (RFC 3711 §3.4).
    public func send(rtcp packet: UnsafeRawBufferPointer) throws(PeerConnectionSendError) {
        guard packet.count >= 8 else { throw .rfc3550PacketTooShort(byteCount: packet.count) }
        let (srtp, agent) = try sendPath(ssrc: nil)
        try sendBuffer.withLock { (buffer: inout [UInt8]) throws(PeerConnectionSendError) in
            do throws(SRTPError) { try srtp.protectRTCP(packet, into: &buffer) } catch { throw .srtp(error) }
            do throws(ICESendError) { try agent.send(buffer) } catch { throw .ice(error) }
        }
    }

    public func send(rtp packet: [UInt8]) throws(PeerConnectionSendError) {
        try Self.borrowing(packet) { bytes throws(PeerConnectionSendError) in try send(rtp: bytes) }
    }

    public func send(rtcp packet: [UInt8]) throws(PeerConnectionSendError) {
        try Self.borrowing(packet) { bytes throws(PeerConnectionSendError) in try send(rtcp: bytes) }
    }

    private func sendPath(ssrc: UInt32?) throws(PeerConnectionSendError) -> (SRTPSession, ICEAgent) {
        try core.withLock { (core: inout PeerConnectionCore) throws(PeerConnectionSendError) in
            guard core.state == .connected, let srtp = core.srtp, let agent = core.ice else {
                throw .notConnected(core.state)
            }
            if let ssrc, !core.sendingSSRCs.contains(ssrc) { throw .ssrcNotSending(ssrc) }
            return (srtp, agent)
        }
    }

    /// `withUnsafeBytes` rethrows untyped errors; carry the typed one out in a Result.
    private static func borrowing(_ packet: [UInt8],
                                  _ body: (UnsafeRawBufferPointer) throws(PeerConnectionSendError) -> Void)
        throws(PeerConnectionSendError)
    {
        let outcome = packet.withUnsafeBytes { bytes in Result { () throws(PeerConnectionSendError) in try body(bytes) } }
        try outcome.get()
    }
}
