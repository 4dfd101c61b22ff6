import RTCP
import RTPFeedback
import WebRTC

/// The peer's RTCP (ICE thread): translated to the stream's SSRCs, then handled by this
/// peer's and the stream's feedback state; resends leave from here.
extension PeerMediaSender {
    /// One decrypted RTCP compound packet from the peer (borrowed bytes).
    public func receiveRTCP(_ bytes: UnsafeRawBufferPointer) {
        let now = feedback.now
        let compound: RTCPCompoundPacket
        do throws(RTCPError) {
            compound = try RTCPCompoundPacket(unmarshaling: bytes)
        } catch {
            state.withLock { $0.statistics.malformedRTCP += 1 }
            return
        }
        var outcome = SenderStreamFeedback.Outcome()
        state.withLock { state in
            guard state.phase == .sending else { return }
            var resendBuffer: [UInt8] = []
            swap(&resendBuffer, &state.resendBuffer)
            defer { swap(&resendBuffer, &state.resendBuffer) }
            // Resends take transport-wide numbers from the same sequence as media; the
            // sequencer and the list of numbered resends leave the state while the stream
            // feedback holds this peer's part of it.
            var sequencer = state.transportWide
            var numberedResends: [(sequenceNumber: UInt16, size: Int)] = []
            swap(&numberedResends, &state.transportWideResends)
            numberedResends.removeAll(keepingCapacity: true)
            defer { swap(&numberedResends, &state.transportWideResends) }
            var failures = 0
            let rewrite = state.usesRetransmissionStream ? nil : state.video
            for packet in compound.packets {
                let translated = translate(packet, &state)
                let result = feedback.handle(translated, from: &state.peerFeedback, at: now) { resent in
                    let number = sequencer.copyForPeer(resent, extensionID: sequencer?.videoExtensionID,
                                                       into: &resendBuffer)
                    // RTX packets already carry this peer's RTX SSRC and payload type.
                    if let rewrite, resendBuffer.count >= 12 { rewrite.apply(to: &resendBuffer) }
                    do { try connection.send(rtp: resendBuffer) } catch {
                        failures += 1
                        return
                    }
                    if let number {
                        sequencer?.advance()
                        numberedResends.append((number, resendBuffer.count))
                    }
                }
                outcome.requestKeyframe = outcome.requestKeyframe || result.requestKeyframe
                outcome.encoderBitrate = result.encoderBitrate ?? outcome.encoderBitrate
            }
            state.transportWide = sequencer
            for resend in numberedResends {
                state.peerFeedback.bitrate.packetSent(transportSequenceNumber: resend.sequenceNumber, size: resend.size, at: now)
            }
            state.statistics.transportWidePacketsSent += numberedResends.count
            state.statistics.sendFailures += failures
        }
        apply(outcome)
    }

    /// Maps this peer's SSRCs to the stream's (the shared feedback only knows those) and
    /// counts what the peer asked for.
    private func translate(_ packet: RTCPPacket, _ state: inout State) -> RTCPPacket {
        let video = state.video
        let audio = state.audio
        func streamSSRC(_ ssrc: UInt32) -> UInt32 { audio?.toStream(video.toStream(ssrc)) ?? video.toStream(ssrc) }
        func translated(_ blocks: [RTCPReceptionReport]) -> [RTCPReceptionReport] {
            blocks.map { block in
                var block = block
                block.ssrc = streamSSRC(block.ssrc)
                return block
            }
        }
        switch packet {
        case .genericNACK(var nack):
            state.statistics.nacksReceived += 1
            nack.mediaSSRC = streamSSRC(nack.mediaSSRC)
            return .genericNACK(nack)
        case .pictureLossIndication(var pli):
            state.statistics.picturesLossIndications += 1
            pli.mediaSSRC = streamSSRC(pli.mediaSSRC)
            return .pictureLossIndication(pli)
        case .fullIntraRequest(var fir):
            state.statistics.fullIntraRequests += 1
            fir.mediaSSRC = streamSSRC(fir.mediaSSRC)
            fir.entries = fir.entries.map { RTCPFullIntraRequest.Entry(ssrc: streamSSRC($0.ssrc), sequenceNumber: $0.sequenceNumber) }
            return .fullIntraRequest(fir)
        case .receiverReport(var report):
            report.reports = translated(report.reports)
            recordLoss(report.reports, &state)
            return .receiverReport(report)
        case .senderReport(var report):
            report.reports = translated(report.reports)
            recordLoss(report.reports, &state)
            return .senderReport(report)
        case .receiverEstimatedMaximumBitrate(var remb):
            remb.ssrcs = remb.ssrcs.map(streamSSRC)
            return .receiverEstimatedMaximumBitrate(remb)
        case .transportWideFeedback:
            // Numbers are this peer's own, so nothing to translate; the stream feedback hands
            // it to this peer's delay-based estimate.
            state.statistics.transportWideFeedbacksReceived += 1
            return packet
        case .sourceDescription, .goodbye, .raw:
            return packet
        }
    }

    /// Keeps the peer's latest view of the video stream's loss and jitter for statistics;
    /// audio report blocks feed the audio SR generator's RTT only.
    private func recordLoss(_ blocks: [RTCPReceptionReport], _ state: inout State) {
        for block in blocks {
            if block.ssrc == state.video.streamSSRC {
                state.statistics.fractionLost = Double(block.fractionLost) / 256
                state.statistics.cumulativeLost = Int(block.cumulativeLost)
                state.statistics.jitter = block.jitter
            } else if let audio = state.audio, block.ssrc == audio.streamSSRC {
                state.audioReports?.receivedReceptionReport(block, at: feedback.now)
            }
        }
    }
}
