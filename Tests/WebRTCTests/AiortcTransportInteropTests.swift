import Foundation
import RTP
import SDP
import Testing
import WebRTC

extension WebRTCSerializedTests {
    /// PeerCam's PeerConnection against aiortc 1.16, a WebRTC stack nobody here wrote, over
    /// loopback (aioice's host-address lookup is overridden in the script to offer 127.0.0.1;
    /// no STUN). Both offer/answer directions, one section or two BUNDLEd; proof that aiortc
    /// accepted the transport is taken from aiortc itself: its DTLS transport `connected`, its
    /// receivers counting our SRTP packets per SSRC, its senders reading our SRTCP receiver
    /// reports, its DTLS transport closed by our close_notify.
    @Suite struct AiortcTransportInteropTests {
        static let mediaSets: [[SDPMediaKind]] = [[.video], [.video, .audio]]

        @Test("PeerCam offers, aiortc answers: connected, SRTP/SRTCP accepted both ways, close_notify",
              .timeLimit(.minutes(1)), arguments: mediaSets)
        func peerCamOffers(kinds: [SDPMediaKind]) async throws {
            let peer = try AiortcTransportPeer(part: "answer", kinds: kinds)
            let packets = PacketRecorder()
            let connection = try makeConnection(kinds, packets)
            try peer.send(["type": "offer", "sdp": try connection.createOffer()])
            let answer = try #require(try await peer.next("answer")["sdp"] as? String)
            try connection.setRemoteAnswer(answer)
            try await exercise(connection, peer: peer, packets: packets)
        }

        @Test("aiortc offers, PeerCam answers: connected, SRTP/SRTCP accepted both ways, close_notify",
              .timeLimit(.minutes(1)), arguments: mediaSets)
        func peerCamAnswers(kinds: [SDPMediaKind]) async throws {
            let peer = try AiortcTransportPeer(part: "offer", kinds: kinds)
            let packets = PacketRecorder()
            let connection = try makeConnection(kinds, packets)
            let offer = try #require(try await peer.next("offer")["sdp"] as? String)
            try connection.setRemoteOffer(offer)
            try peer.send(["type": "answer", "sdp": try connection.createAnswer()])
            try await exercise(connection, peer: peer, packets: packets)
        }

        private func makeConnection(_ kinds: [SDPMediaKind], _ packets: PacketRecorder) throws -> PeerConnection {
            let certificate = try #require(TestCertificate.shared)
            let connection = PeerConnection(configuration: .loopback(certificate: certificate), onPacket: packets.handler)
            for kind in kinds { try connection.addTransceiver(kind, direction: .sendrecv) }
            return connection
        }

        /// Trickles our candidates to aiortc, waits for `connected`, sends SRTP and SRTCP on
        /// every transceiver, checks what aiortc reports and what it sent us, then closes.
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

            let media = connection.transceivers.compactMap(\.negotiated)
            try #require(media.count == connection.transceivers.count)
            for section in media {
                let ourSSRC = try #require(section.localSSRC)
                for sequence in 1...20 {
                    // Video: an access unit delimiter (NAL type 9), valid H264 that decodes to
                    // nothing; audio: an Opus DTX frame (TOC only).
                    let payload: [UInt8] = section.kind == .video ? [0x09, 0xF0] : [0xF8]
                    let header = RTPHeader(marker: section.kind == .video, payloadType: section.payloadType,
                                           sequenceNumber: UInt16(sequence), timestamp: UInt32(sequence) * 960, ssrc: ourSSRC)
                    try connection.send(rtp: try RTPPacket(header: header, payload: payload).marshaled())
                }
            }

            // Polls aiortc's stats (an async round trip, so not through `eventually`).
            var view: [String: Any] = [:]
            let clock = ContinuousClock()
            let deadline = clock.now.advanced(by: .seconds(10))
            while clock.now < deadline {
                try sendReports(connection, media: media, view: view)
                view = try await peer.stats()
                if Self.accepted(view, media: media, packets: packets) { break }
                try await Task.sleep(for: .milliseconds(200))
            }
            #expect(view["dtls"] as? String == "connected")
            #expect(view["connection"] as? String == "connected")
            let inbound = view["inboundPackets"] as? [String: Int] ?? [:]
            let reports = view["remoteInboundPacketsLost"] as? [String: Int] ?? [:]
            let theirSenders = view["senderSSRCs"] as? [String: Int] ?? [:]
            for section in media {
                let ourSSRC = try #require(section.localSSRC)
                #expect(inbound["\(ourSSRC)"] == 20, "aiortc's \(section.kind) receiver counted our SRTP packets")
                // aiortc's sender read our SRTCP RR about it: reporter SSRC and our distinctive loss count.
                #expect(reports["\(ourSSRC)"] == 7, "aiortc's \(section.kind) sender saw our SRTCP RR")
                // aiortc's own SRTP, decrypted and routed to this transceiver's mid.
                let theirSSRC = try #require(theirSenders[section.mid].map(UInt32.init))
                let fromThem = packets.all.filter { $0.kind == .rtp && $0.mid == section.mid }
                #expect(!fromThem.isEmpty, "aiortc's \(section.kind) RTP reached mid \(section.mid)")
                for packet in fromThem.prefix(5) {
                    let header = try packet.bytes.withUnsafeBytes { try RTPHeader.unmarshal(packet: $0).header }
                    #expect(header.ssrc == theirSSRC && header.payloadType == section.payloadType)
                }
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

        /// One RR per section, from our SSRC about aiortc's sender there (once aiortc said which).
        private func sendReports(_ connection: PeerConnection, media: [SDPNegotiatedMedia], view: [String: Any]) throws {
            let theirSenders = view["senderSSRCs"] as? [String: Int] ?? [:]
            for section in media {
                guard let ours = section.localSSRC, let theirs = theirSenders[section.mid] else { continue }
                try connection.send(rtcp: receiverReport(from: ours, about: UInt32(theirs), cumulativeLost: 7))
            }
        }

        private static func accepted(_ view: [String: Any], media: [SDPNegotiatedMedia], packets: PacketRecorder) -> Bool {
            let inbound = view["inboundPackets"] as? [String: Int] ?? [:]
            let reports = view["remoteInboundPacketsLost"] as? [String: Int] ?? [:]
            let received = packets.all
            return media.allSatisfy { section in
                guard let ours = section.localSSRC else { return false }
                return inbound["\(ours)"] == 20 && reports["\(ours)"] != nil
                    && received.contains { $0.kind == .rtp && $0.mid == section.mid }
            } && received.contains { $0.kind == .rtcp }
        }
    }
}
