@testable import MediaSession
import RTP
import Testing

/// The per-peer rewrite of a shared stream packet (SSRC and payload type from this peer's
/// negotiation, RFC 3550 §5.1) and its inverse for the peer's RTCP.
struct PeerMediaRTPRewriteTests {
    @Test(arguments: [(false, UInt8(96)), (true, UInt8(102)), (true, UInt8(127))])
    func rewritesSSRCAndPayloadTypeKeepingMarkerSequenceTimestampAndPayload(marker: Bool, payloadType: UInt8) throws {
        let original = RTPPacket(header: RTPHeader(marker: marker, payloadType: 102, sequenceNumber: 0xFFFE,
                                                   timestamp: 0x1234_5678, ssrc: 0x0CA3_0001),
                                 payload: [0x65, 1, 2, 3])
        var bytes = try original.marshaled()
        let rewrite = PeerMediaRTPRewrite(streamSSRC: 0x0CA3_0001, peerSSRC: 0xDEAD_BEEF, payloadType: payloadType)
        rewrite.apply(to: &bytes)
        let parsed = try RTPPacket(unmarshaling: bytes)
        var expected = original
        expected.header.ssrc = 0xDEAD_BEEF
        expected.header.payloadType = payloadType
        #expect(parsed == expected)
    }

    @Test(arguments: [(UInt32(0xDEAD_BEEF), UInt32(0x0CA3_0001)), (0x1111_1111, 0x1111_1111)])
    func peerSSRCsMapBackToTheStreamOthersStayAsTheyAre(named: UInt32, expected: UInt32) {
        let rewrite = PeerMediaRTPRewrite(streamSSRC: 0x0CA3_0001, peerSSRC: 0xDEAD_BEEF, payloadType: 102)
        #expect(rewrite.toStream(named) == expected)
    }
}
