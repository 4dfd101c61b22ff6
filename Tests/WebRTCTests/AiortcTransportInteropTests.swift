import Foundation
import RTP
import SDP
import Testing
import WebRTC

extension WebRTCSerializedTests {
    /// PeerCam's PeerConnection against aiortc 1.16, a WebRTC stack nobody here wrote, over
    /// loopback (aioice's host-address lookup is overridden in the script to offer 127.0.0.1;
    /// no STUN). Both offer/answer directions; proof that aiortc accepted the transport is
    /// taken from aiortc itself: its DTLS transport `connected`, its receiver counting our
    /// SRTP packets, its sender seeing our SRTCP receiver report.
    @Suite struct AiortcTransportInteropTests {
        @Test("PeerCam offers, aiortc answers: connected, SRTP/SRTCP accepted both ways", .timeLimit(.minutes(1)))
        func peerCamOffers() async throws {
            let peer = try AiortcTransportPeer(part: "answer")
            let packets = PacketRecorder()
            let connection = try makeConnection(packets)
            try peer.send(["type": "offer", "sdp": try connection.createOffer()])
            let answer = try #require(try await peer.next("answer")["sdp"] as? String)
            try connection.setRemoteAnswer(answer)
            try await exercise(connection, peer: peer, packets: packets)
        }

        @Test("aiortc offers, PeerCam answers: connected, SRTP/SRTCP accepted both ways", .timeLimit(.minutes(1)))
        func peerCamAnswers() async throws {
            let peer = try AiortcTransportPeer(part: "offer")
            let packets = PacketRecorder()
            let connection = try makeConnection(packets)
            let offer = try #require(try await peer.next("offer")["sdp"] as? String)
            try connection.setRemoteOffer(offer)
            try peer.send(["type": "answer", "sdp": try connection.createAnswer()])
            try await exercise(connection, peer: peer, packets: packets)
        }

        private func makeConnection(_ packets: PacketRecorder) throws -> PeerConnection {
            let certificate = try #require(TestCertificate.shared)
            let connection = PeerConnection(configuration: .loopback(certificate: certificate), onPacket: packets.handler)
            try connection.addTransceiver(.video, direction: .sendrecv)
            return connection
        }

        /// Trickles our candidates to aiortc, waits for `connected` on both sides, sends SRTP
        /// and SRTCP, checks what aiortc reports and what it sent us, then closes.
        private func exercise(_ connection: PeerConnection, peer: AiortcTransportPeer, packets: PacketRecorder) async throws {
            defer { connection.close() }
            for await candidate in connection.localCandidates {
                switch candidate {
                case .candidate(let line, let mid): try peer.send(["type": "candidate", "candidate": line, "mid": mid])
                case .endOfCandidates: try peer.send(["type": "end-of-candidates"])
                }
                if case .endOfCandidates = candidate { break }
            }
            #expect(await eventually(within: .seconds(20)) { connection.connectionState.isFinished || connection.connectionState == .connected })
            try #require(connection.connectionState == .connected, "PeerCam state \(connection.connectionState)")

            let video = try #require(connection.transceivers.first?.negotiated)
            let ourSSRC = try #require(video.localSSRC)
            let theirSSRC = try #require(video.remoteSSRCs.first, "aiortc announces a=ssrc")
            for sequence in 1...20 {
                // An access unit delimiter (NAL type 9): valid H264 that decodes to nothing.
                let packet = try RTPPacket(header: RTPHeader(marker: true, payloadType: video.payloadType,
                                                             sequenceNumber: UInt16(sequence), timestamp: UInt32(sequence) * 3000,
                                                             ssrc: ourSSRC), payload: [0x09, 0xF0]).marshaled()
                try connection.send(rtp: packet)
            }
            try connection.send(rtcp: receiverReport(from: ourSSRC, about: theirSSRC, cumulativeLost: 7))

            // Polls aiortc's stats (an async round trip, so not through `eventually`).
            var view: [String: Any] = [:]
            let clock = ContinuousClock()
            let deadline = clock.now.advanced(by: .seconds(10))
            while clock.now < deadline {
                view = try await peer.stats()
                let inbound = view["inboundPackets"] as? Int ?? 0
                let seen = view["remoteInboundSSRCs"] as? [Int] ?? []
                let fromThem = packets.all.contains { $0.kind == .rtp } && packets.all.contains { $0.kind == .rtcp }
                if inbound >= 20 && seen.contains(Int(ourSSRC)) && fromThem { break }
                try connection.send(rtcp: receiverReport(from: ourSSRC, about: theirSSRC, cumulativeLost: 7))
                try await Task.sleep(for: .milliseconds(200))
            }
            #expect(view["dtls"] as? String == "connected")
            #expect(view["connection"] as? String == "connected")
            #expect(view["inboundPackets"] as? Int == 20, "aiortc's receiver counted our SRTP packets")
            #expect((view["inboundSSRCs"] as? [Int]) == [Int(ourSSRC)])
            // aiortc's sender read our SRTCP RR: reporter SSRC and our distinctive loss count.
            #expect((view["remoteInboundSSRCs"] as? [Int]) == [Int(ourSSRC)], "aiortc's sender saw our SRTCP RR")
            #expect((view["remoteInboundPacketsLost"] as? [Int]) == [7])
            // aiortc's own SRTP (H264 from its test track) and SRTCP, decrypted and routed to our mid.
            let fromThem = packets.all.filter { $0.kind == .rtp }
            #expect(!fromThem.isEmpty)
            for packet in fromThem.prefix(5) {
                let header = try packet.bytes.withUnsafeBytes { try RTPHeader.unmarshal(packet: $0).header }
                #expect(header.ssrc == theirSSRC && header.payloadType == video.payloadType && packet.mid == video.mid)
            }
            #expect(packets.all.contains { $0.kind == .rtcp })
            #expect(connection.receiveCounters.srtpRejected == 0)
            // Our close_notify reaches aiortc, which closes its DTLS transport.
            connection.close()
            var dtlsAfterClose = ""
            for _ in 0..<50 where dtlsAfterClose != "closed" {
                dtlsAfterClose = try await peer.stats()["dtls"] as? String ?? ""
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(dtlsAfterClose == "closed")
            await peer.stop()
        }
    }
}
