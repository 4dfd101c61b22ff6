import CameraPipeline
import MediaSession
import RTCP
import Testing
import TestSupport
import WebRTC

/// The camera side's answers to a viewer's RTCP, sent by the test through the viewer's real
/// connection (SRTCP over loopback) in the viewer's own SSRC space: the sender must map it
/// to the stream's and act on the shared history and encoder.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct PeerMediaFeedbackTests {
    typealias Session = PeerMediaSessionTests

    @Test func nackReportsAndFIRFromTheViewerReachTheSharedHistoryAndEncoder() async throws {
        let (stream, feedback) = try Session.makeStream()
        let (link, results, _) = try CameraViewerLink.withTestReceiver(
            stream: stream, feedback: feedback, width: Session.width, height: Session.height)
        #expect(await Session.eventually(within: .seconds(10)) { results.value.frameIndexes.count >= 15 })
        let media = try #require(link.viewer.transceivers.first { $0.kind == .video }?.negotiated)
        let cameraVideoSSRC = try #require(media.remoteSSRCs.first)
        #expect(cameraVideoSSRC == link.camera.transceivers.first { $0.kind == .video }?.localSSRC,
                "the viewer knows the SSRC the camera's connection announced, not the stream's own")
        let viewerSSRC: UInt32 = 0x7E57_00FF

        // NACK (RFC 4585 §6.2.1) for a packet already received: resent from the shared history.
        let sequenceNumber = try #require(results.value.lastVideoSequenceNumber)
        let retransmittedBefore = results.value.retransmissionsReceived
        try link.viewer.send(rtcp: RTCPCompoundPacket(packets: [.genericNACK(RTCPGenericNACK(
            senderSSRC: viewerSSRC, mediaSSRC: cameraVideoSSRC, lostSequenceNumbers: [sequenceNumber]))]).marshaled())
        #expect(await Session.eventually(within: .seconds(2)) {
            results.value.retransmissionsReceived > retransmittedBefore
        }, "the packet came back as RTX on the viewer's negotiated RTX stream")
        #expect(link.sender.statistics.nacksReceived >= 1 && link.sender.statistics.retransmissions >= 1)

        // An RR with 50 % loss (RFC 3550 §6.4.2): loss-based estimate → stream encoder target.
        let targetBefore = stream.counters.targetBitrate
        try link.viewer.send(rtcp: RTCPCompoundPacket(packets: [.receiverReport(RTCPReceiverReport(ssrc: viewerSSRC, reports: [
            RTCPReceptionReport(ssrc: cameraVideoSSRC, fractionLost: 128, cumulativeLost: 50,
                                extendedHighestSequenceNumber: UInt32(sequenceNumber), jitter: 0,
                                lastSenderReport: 0, delaySinceLastSenderReport: 0),
        ]))]).marshaled())
        #expect(await Session.eventually(within: .seconds(2)) { stream.counters.targetBitrate < targetBefore },
                "the encoder target came down from \(targetBefore): \(stream.counters.targetBitrate)")
        #expect(link.sender.statistics.estimatedBitrate < targetBefore)

        // FIR (RFC 5104 §4.3.1) naming the connection's SSRC: one IDR from the shared encoder.
        try await Task.sleep(for: .milliseconds(700))  // past the keyframe throttle
        let forcedBefore = stream.counters.keyframesForced
        try link.viewer.send(rtcp: RTCPCompoundPacket(packets: [.fullIntraRequest(RTCPFullIntraRequest(
            senderSSRC: viewerSSRC, entries: [.init(ssrc: cameraVideoSSRC, sequenceNumber: 1)]))]).marshaled())
        #expect(await Session.eventually(within: .seconds(2)) { stream.counters.keyframesForced == forcedBefore + 1 })
        #expect(link.sender.statistics.fullIntraRequests == 1)

        // Garbage that passed SRTCP but is no RTCP: counted, nothing else happens.
        try link.viewer.send(rtcp: [0x80, 0xC9, 0x00, 0x07, 0, 0, 0, 1])
        #expect(await Session.eventually(within: .seconds(2)) { link.sender.statistics.malformedRTCP == 1 })
        await link.close()
    }
}
