import DTLS
import Foundation
import RTCP
import RTP
import SDP
import Testing
import WebRTC

extension WebRTCSerializedTests {
    /// Two PeerConnections in one process over loopback: the whole stack, nothing mocked.
    @Suite struct PeerConnectionLoopbackTests {
        @Test("offer/answer with trickle → ICE, DTLS, SRTP up; RTP and RTCP both ways, content intact; close")
        func srtpBothWays() async throws {
            let certificate = try #require(TestCertificate.shared)
            let pair = try PeerConnectionLoopbackPair(
                offering: [(.video, .sendrecv), (.audio, .sendrecv)],
                answering: [(.video, .sendrecv), (.audio, .sendrecv)], certificate: certificate)
            let offererStates = StateRecorder(pair.offerer)
            let answererStates = StateRecorder(pair.answerer)
            // Signaling that trims strings: the last line arrives without its CRLF.
            let trim = { (sdp: String) in sdp.trimmingCharacters(in: .whitespacesAndNewlines) }
            try pair.negotiate(editOffer: trim, editAnswer: trim)
            #expect(await eventually(within: .seconds(10)) { pair.bothConnected })
            #expect(pair.offerer.signalingState == .stable && pair.answerer.signalingState == .stable)

            let offererVideo = try #require(pair.offerer.transceivers.first { $0.kind == .video })
            let offererAudio = try #require(pair.offerer.transceivers.first { $0.kind == .audio })
            let answererVideo = try #require(pair.answerer.transceivers.first { $0.kind == .video })
            #expect(offererVideo.mid == "0" && offererAudio.mid == "1" && answererVideo.mid == "0")
            let videoPT = try #require(offererVideo.negotiated?.payloadType)
            let audioPT = try #require(offererAudio.negotiated?.payloadType)

            let videoOut = try rtp(payloadType: videoPT, ssrc: offererVideo.localSSRC, text: "video from the offerer")
            let audioOut = try rtp(payloadType: audioPT, ssrc: offererAudio.localSSRC, text: "audio from the offerer")
            let videoBack = try rtp(payloadType: videoPT, ssrc: answererVideo.localSSRC, text: "video from the answerer")
            let reportOut = try receiverReport(from: offererVideo.localSSRC, about: answererVideo.localSSRC)
            let reportBack = try receiverReport(from: answererVideo.localSSRC, about: offererVideo.localSSRC)
            try pair.offerer.send(rtp: videoOut)
            try pair.offerer.send(rtp: audioOut)
            try pair.offerer.send(rtcp: reportOut)
            try pair.answerer.send(rtp: videoBack)
            try pair.answerer.send(rtcp: reportBack)

            #expect(await eventually(within: .seconds(5)) {
                pair.answererPackets.all.count >= 3 && pair.offererPackets.all.count >= 2
            })
            let atAnswerer = pair.answererPackets.all
            #expect(atAnswerer.contains(.init(kind: .rtp, mid: "0", bytes: videoOut)))
            #expect(atAnswerer.contains(.init(kind: .rtp, mid: "1", bytes: audioOut)))
            #expect(atAnswerer.contains { $0.kind == .rtcp && $0.bytes == reportOut })
            let atOfferer = pair.offererPackets.all
            #expect(atOfferer.contains(.init(kind: .rtp, mid: "0", bytes: videoBack)))
            // The RR reports on the offerer's own video SSRC, so it is routed to video.
            #expect(atOfferer.contains(.init(kind: .rtcp, mid: "0", bytes: reportBack)))
            #expect(pair.offerer.receiveCounters.srtpRejected == 0 && pair.answerer.receiveCounters.srtpRejected == 0)

            // The offerer hangs up first: its close_notify reaches the answerer over SRTP's path.
            pair.offerer.close()
            #expect(await eventually(within: .seconds(5)) { pair.answerer.connectionState == .failed(.dtlsClosedByPeer) })
            pair.close()
            pair.close()  // idempotent
            await offererStates.finished()
            await answererStates.finished()
            #expect(offererStates.all == [.checking, .connected, .closed])
            #expect(answererStates.all == [.checking, .connected, .failed(.dtlsClosedByPeer), .closed])
            #expect(throws: PeerConnectionSendError.notConnected(.closed)) { try pair.offerer.send(rtp: videoOut) }
            await pair.relaysFinished()
        }

        @Test("a tampered a=fingerprint fails the connection with RFC 8122 mismatch; no media leaves")
        func wrongFingerprintFails() async throws {
            let certificate = try #require(TestCertificate.shared)
            let pair = try PeerConnectionLoopbackPair(
                offering: [(.video, .sendonly)], answering: [(.video, .recvonly)], certificate: certificate)
            try pair.negotiate(editAnswer: tamperingFingerprint)
            #expect(await eventually(within: .seconds(10)) {
                pair.offerer.connectionState.isFinished && pair.answerer.connectionState.isFinished
            })
            guard case .failed(.dtls(.rfc8122FingerprintMismatch(let expected, let presented))) = pair.offerer.connectionState else {
                Issue.record("offerer state \(pair.offerer.connectionState)")
                pair.close()
                return
            }
            #expect(presented == certificate.fingerprint)
            #expect(expected != certificate.fingerprint)
            // The answerer's handshake was aborted by the offerer's bad_certificate alert.
            guard case .failed(.dtls) = pair.answerer.connectionState else {
                Issue.record("answerer state \(pair.answerer.connectionState)")
                pair.close()
                return
            }
            let video = try #require(pair.offerer.transceivers.first)
            let packet = try rtp(payloadType: 102, ssrc: video.localSSRC, text: "must not leave")
            #expect(throws: PeerConnectionSendError.notConnected(pair.offerer.connectionState)) {
                try pair.offerer.send(rtp: packet)
            }
            pair.close()
            #expect(pair.offerer.connectionState == .closed)
            await pair.relaysFinished()
        }

        @Test("sending before connected is refused; an SSRC no sending transceiver owns is refused")
        func sendGuards() async throws {
            let certificate = try #require(TestCertificate.shared)
            let pair = try PeerConnectionLoopbackPair(
                offering: [(.video, .sendonly)], answering: [(.video, .recvonly)], certificate: certificate)
            let video = try #require(pair.offerer.transceivers.first)
            let packet = try rtp(payloadType: 102, ssrc: video.localSSRC, text: "early")
            #expect(throws: PeerConnectionSendError.notConnected(.new)) { try pair.offerer.send(rtp: packet) }
            try pair.negotiate()
            #expect(await eventually(within: .seconds(10)) { pair.bothConnected })
            let stray = try rtp(payloadType: 102, ssrc: video.localSSRC &+ 1, text: "stray")
            #expect(throws: PeerConnectionSendError.ssrcNotSending(video.localSSRC &+ 1)) { try pair.offerer.send(rtp: stray) }
            // The recvonly answerer owns no sending SSRC.
            let answererVideo = try #require(pair.answerer.transceivers.first)
            let reverse = try rtp(payloadType: 102, ssrc: answererVideo.localSSRC, text: "recvonly")
            #expect(throws: PeerConnectionSendError.ssrcNotSending(answererVideo.localSSRC)) { try pair.answerer.send(rtp: reverse) }
            #expect(throws: PeerConnectionSendError.rfc3550PacketTooShort(byteCount: 4)) { try pair.offerer.send(rtcp: [0x80, 201, 0, 0]) }
            pair.close()
            await pair.relaysFinished()
        }
    }
}

func rtp(payloadType: UInt8, ssrc: UInt32, sequenceNumber: UInt16 = 1, text: String) throws -> [UInt8] {
    try RTPPacket(header: RTPHeader(payloadType: payloadType, sequenceNumber: sequenceNumber, timestamp: 90_000, ssrc: ssrc),
                  payload: Array(text.utf8)).marshaled()
}

func receiverReport(from ssrc: UInt32, about source: UInt32, cumulativeLost: Int32 = 0) throws -> [UInt8] {
    let block = RTCPReceptionReport(ssrc: source, fractionLost: 0, cumulativeLost: cumulativeLost, extendedHighestSequenceNumber: 1,
                                    jitter: 0, lastSenderReport: 0, delaySinceLastSenderReport: 0)
    return try RTCPCompoundPacket(packets: [.receiverReport(RTCPReceiverReport(ssrc: ssrc, reports: [block]))]).marshaled()
}

extension WebRTCSerializedTests.PeerConnectionLoopbackTests {
    @Test("no candidate ever reaches the peer: the set-up deadline fails the connection, the state says why")
    func setupTimeout() async throws {
        let certificate = try #require(TestCertificate.shared)
        var configuration = PeerConnectionConfiguration.loopback(certificate: certificate)
        configuration.connectionTimeout = .milliseconds(800)
        let pair = try PeerConnectionLoopbackPair(
            offering: [(.video, .sendonly)], answering: [(.video, .recvonly)], configuration: configuration)
        defer { pair.close() }
        try pair.answerer.setRemoteOffer(try pair.offerer.createOffer())
        try pair.offerer.setRemoteAnswer(try pair.answerer.createAnswer())
        try pair.offerer.addRemoteEndOfCandidates()
        try pair.answerer.addRemoteEndOfCandidates()
        let failure = PeerConnectionState.failed(.connectionTimedOut(after: .milliseconds(800)))
        #expect(await eventually(within: .seconds(10)) {
            pair.offerer.connectionState == failure && pair.answerer.connectionState == failure
        }, "\(pair.offerer.connectionState) / \(pair.answerer.connectionState)")
    }

    @Test("RFC 3711 §3.3.2: a replayed SRTP packet is refused and counted by the receiver, later ones still flow")
    func reusedSequenceNumber() async throws {
        let certificate = try #require(TestCertificate.shared)
        let pair = try PeerConnectionLoopbackPair(
            offering: [(.video, .sendonly)], answering: [(.video, .recvonly)], certificate: certificate)
        defer { pair.close() }
        try pair.negotiate()
        #expect(await eventually(within: .seconds(10)) { pair.bothConnected })
        let video = try #require(pair.offerer.transceivers.first)
        let first = try rtp(payloadType: 102, ssrc: video.localSSRC, sequenceNumber: 10, text: "once")
        let next = try rtp(payloadType: 102, ssrc: video.localSSRC, sequenceNumber: 11, text: "next")
        try pair.offerer.send(rtp: first)
        // libsrtp lets a sender repeat an index (retransmission); the receiver's window refuses it.
        try pair.offerer.send(rtp: first)
        try pair.offerer.send(rtp: next)
        #expect(await eventually(within: .seconds(5)) { pair.answererPackets.all.count == 2 })
        #expect(pair.answererPackets.all.map(\.bytes) == [first, next])
        let counters = pair.answerer.receiveCounters
        #expect(counters.srtpRejected == 1 && counters.delivered == 2)
        #expect(counters.lastRefusal?.contains("rfc3711ReplayedPacket") == true, "\(counters)")
    }
}
