import RTCP
import RTP
import SDP
import Testing
import WebRTC

/// RFC 8843 §9.2 routing of BUNDLEd packets to their section.
@Suite struct RTPReceiveRouterTests {
    static let midExtensionID: UInt8 = 1

    /// Video (mid 0, PT 102 + RTX 103, announced SSRC 1111) and audio (mid 1, PT 111, no
    /// announced SSRC); we send video with 5555 and audio with 6666.
    static let session = SDPNegotiatedSession(
        media: [
            SDPNegotiatedMedia(kind: .video, mid: "0", direction: .sendrecv, payloadType: 102, clockRate: 90_000,
                               rtxPayloadType: 103, extensionMaps: [SDPExtensionMap(id: midExtensionID, uri: SDPLocalParameters.midExtension)],
                               remoteSSRCs: [1111], localSSRC: 5555),
            SDPNegotiatedMedia(kind: .audio, mid: "1", direction: .sendrecv, payloadType: 111, clockRate: 48_000,
                               extensionMaps: [SDPExtensionMap(id: midExtensionID, uri: SDPLocalParameters.midExtension)],
                               localSSRC: 6666),
        ],
        bundleMids: ["0", "1"], remoteICE: SDPRemoteICEParameters(ufrag: "abcd", pwd: String(repeating: "p", count: 22)),
        remoteFingerprints: [], localSetupRole: .active)

    func packet(ssrc: UInt32, payloadType: UInt8, mid: String? = nil) throws -> [UInt8] {
        let extensionBlock = mid.map { RTPHeaderExtension(elements: [RTPHeaderExtensionElement(id: Self.midExtensionID, value: Array($0.utf8))]) }
        return try RTPPacket(header: RTPHeader(payloadType: payloadType, sequenceNumber: 1, timestamp: 0, ssrc: ssrc,
                                               headerExtension: extensionBlock), payload: [1, 2, 3]).marshaled()
    }

    func route(_ router: inout RTPReceiveRouter, rtp bytes: [UInt8]) -> String? {
        bytes.withUnsafeBytes { router.route(rtp: $0) }
    }

    @Test("RTP routing", arguments: [
        // (ssrc, payload type, mid extension value, expected mid)
        (UInt32(1111), UInt8(111), String?.none, String?("0")),  // announced SSRC wins over payload type
        (2222, 111, nil, "1"),                                    // unknown SSRC, unique payload type
        (2223, 103, nil, "0"),                                    // RTX payload type
        (3333, 102, "1", "1"),                                    // mid extension wins over payload type
        (4444, 96, nil, nil),                                     // nothing identifies it
        (4445, 96, "7", nil),                                     // a mid no section has
    ])
    func rtpRouting(ssrc: UInt32, payloadType: UInt8, mid: String?, expected: String?) throws {
        var router = RTPReceiveRouter(session: Self.session)
        #expect(route(&router, rtp: try packet(ssrc: ssrc, payloadType: payloadType, mid: mid)) == expected)
    }

    @Test("an SSRC identified once by its mid extension is remembered for packets without it")
    func learnsSSRC() throws {
        var router = RTPReceiveRouter(session: Self.session)
        #expect(route(&router, rtp: try packet(ssrc: 7777, payloadType: 96, mid: "1")) == "1")
        #expect(route(&router, rtp: try packet(ssrc: 7777, payloadType: 96)) == "1")
    }

    @Test("RTCP: by the sender's known SSRC, else by the media SSRC it reports on")
    func rtcpRouting() throws {
        let router = RTPReceiveRouter(session: Self.session)
        func route(_ packets: [RTCPPacket]) throws -> String? {
            try RTCPCompoundPacket(packets: packets).marshaled().withUnsafeBytes { router.route(rtcp: $0) }
        }
        let report = { (source: UInt32) in
            RTCPReceptionReport(ssrc: source, fractionLost: 0, cumulativeLost: 0, extendedHighestSequenceNumber: 0,
                                jitter: 0, lastSenderReport: 0, delaySinceLastSenderReport: 0)
        }
        #expect(try route([.receiverReport(RTCPReceiverReport(ssrc: 1111))]) == "0")
        #expect(try route([.receiverReport(RTCPReceiverReport(ssrc: 9999, reports: [report(6666)]))]) == "1")
        #expect(try route([.senderReport(RTCPSenderReport(ssrc: 9999, ntpTimestamp: 0, rtpTimestamp: 0, packetCount: 0,
                                                          octetCount: 0, reports: [report(5555)]))]) == "0")
        #expect(try route([.pictureLossIndication(RTCPPictureLossIndication(senderSSRC: 9999, mediaSSRC: 5555))]) == "0")
        #expect(try route([.receiverReport(RTCPReceiverReport(ssrc: 9999))]) == nil)
        #expect([UInt8]([0x80, 201, 0]).withUnsafeBytes { router.route(rtcp: $0) } == nil)
    }

    @Test("truncated RTP is not routed and never crashes")
    func truncated() {
        var router = RTPReceiveRouter(session: Self.session)
        for length in 0..<12 {
            #expect(route(&router, rtp: [UInt8](repeating: 0x90, count: length)) == nil)
        }
        // X bit set but the extension block is cut off: falls back to payload type.
        var cut = [UInt8](repeating: 0, count: 14)
        cut[0] = 0x90
        cut[1] = 111
        #expect(route(&router, rtp: cut) == "1")
    }
}
