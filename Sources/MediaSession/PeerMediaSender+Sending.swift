import CameraPipeline
import RTCP
import WebRTC

/// The media path: each fanned-out packet copied, rewritten for this peer, protected and
/// sent; sender reports when due.
extension PeerMediaSender {
    /// One packet of the stream (capture thread, borrowed bytes).
    public func deliver(_ packet: UnsafeRawBufferPointer, kind: CameraMediaKind) {
        let now = feedback.now
        state.withLock { state in
            guard state.phase == .sending, packet.count >= 12 else { return }
            guard let rewrite = kind == .video ? state.video : state.audio else {
                state.statistics.packetsNotNegotiated += 1
                return
            }
            let extensionID = kind == .video ? state.transportWide?.videoExtensionID : state.transportWide?.audioExtensionID
            let transportSequenceNumber = state.transportWide.copyForPeer(packet, extensionID: extensionID,
                                                                          into: &state.sendBuffer)
            rewrite.apply(to: &state.sendBuffer)
            do {
                try connection.send(rtp: state.sendBuffer)
            } catch {
                state.statistics.sendFailures += 1
                return
            }
            if let transportSequenceNumber {
                state.transportWide?.advance()
                state.statistics.transportWidePacketsSent += 1
            }
            let timestamp = UInt32(packet[4]) << 24 | UInt32(packet[5]) << 16 | UInt32(packet[6]) << 8 | UInt32(packet[7])
            let payloadBytes = packet.count - Self.headerLength(of: packet)
            switch kind {
            case .video:
                state.statistics.videoPacketsSent += 1
                state.statistics.videoBytesSent += packet.count
                state.peerFeedback.packetSent(rtpTimestamp: timestamp, payloadBytes: payloadBytes,
                                              transportSequenceNumber: transportSequenceNumber,
                                              size: state.sendBuffer.count, at: now)
            case .audio:
                state.statistics.audioPacketsSent += 1
                state.statistics.audioBytesSent += packet.count
                state.audioReports?.packetSent(rtpTimestamp: timestamp, payloadBytes: payloadBytes, at: now)
                if let transportSequenceNumber {
                    // Audio shares the transport: its packets count in the delay estimate too.
                    state.peerFeedback.bitrate.packetSent(transportSequenceNumber: transportSequenceNumber,
                                                          size: state.sendBuffer.count, at: now)
                }
            }
            sendReportsIfDue(&state, at: now)
        }
        if let outcome = feedback.pollIfDue(at: now) { apply(outcome) }
    }

    /// RFC 3550 §6.4.1: an SR per sending stream when its interval elapsed (the first right
    /// after the first packet), with the peer's SSRC as sender. Both go in one compound packet.
    private func sendReportsIfDue(_ state: inout State, at now: Duration) {
        // Runs per packet; the wall clock is read only when a report is due.
        func isDue(_ deadline: Duration?) -> Bool { deadline.map { now >= $0 } ?? false }
        guard isDue(state.peerFeedback.senderReports.nextDeadline) || isDue(state.audioReports?.nextDeadline) else { return }
        let wallClock = Self.wallClock()
        var reports: [RTCPPacket] = []
        if var report = state.peerFeedback.senderReports.makeReportIfDue(at: now, wallClock: wallClock) {
            report.ssrc = state.video.peerSSRC
            reports.append(.senderReport(report))
        }
        if var report = state.audioReports?.makeReportIfDue(at: now, wallClock: wallClock), let audio = state.audio {
            report.ssrc = audio.peerSSRC
            reports.append(.senderReport(report))
        }
        guard !reports.isEmpty else { return }
        state.rtcpBuffer.removeAll(keepingCapacity: true)
        do {
            _ = try RTCPCompoundPacket(packets: reports).marshal(appendingTo: &state.rtcpBuffer)
            try connection.send(rtcp: state.rtcpBuffer)
            state.statistics.senderReportsSent += reports.count
        } catch {
            state.statistics.sendFailures += 1
        }
    }

    /// RTP header length (RFC 3550 §5.1, §5.3.1): fixed part, CSRCs, extension; at most the packet.
    static func headerLength(of packet: UnsafeRawBufferPointer) -> Int {
        var length = 12 + 4 * Int(packet[0] & 0x0F)
        if packet[0] & 0x10 != 0, packet.count >= length + 4 {
            length += 4 + 4 * (Int(packet[length + 2]) << 8 | Int(packet[length + 3]))
        }
        return min(length, packet.count)
    }
}
