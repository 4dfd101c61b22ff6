import Media
import Opus
import RTCP
import RTP

/// The viewer's Opus receive path: RTP (any order, duplicates, RTX) → adaptive reorder
/// buffer → depayload → libopus → outputs, with no silent holes: when packets are missing
/// the gap is filled with packet-loss concealment, and the last lost packet before one that
/// arrived is rebuilt from that packet's in-band FEC (RFC 6716 §2.1.7), which sounds
/// closer to the original than extrapolation.
///
/// - Important: Not thread-safe; owned by the task that runs the pipeline.
final class AudioReceiver {
    let configuration: AudioReceiverConfiguration
    private let outputs: ViewerOutputs
    private(set) var queue: RTPReceiveQueue
    private var depayloader = OpusRTPDepayloader()
    private var decoder: OpusDecoder
    private var timeline: RTPMediaTimeline
    /// Reused for every decoded or concealed block.
    private var block: AudioFrame
    private var packetNumber: UInt64 = 0
    private(set) var counters = Counters()
    private var bitRate = RateMeter()

    struct Counters: Sendable, Equatable {
        var packetsDecoded: Int64 = 0
        /// Samples per channel made up by packet-loss concealment.
        var samplesConcealed: Int64 = 0
        /// Samples rebuilt from the next packet's FEC data.
        var samplesRecovered: Int64 = 0
        /// Gaps longer than `maximumConcealment`, left as gaps.
        var gapsNotConcealed: Int64 = 0
        var decodeFailures: Int64 = 0
        var malformedPackets: Int64 = 0
    }

    init(configuration: AudioReceiverConfiguration, outputs: ViewerOutputs) throws(OpusCodecError) {
        self.configuration = configuration
        self.outputs = outputs
        queue = RTPReceiveQueue(parameters: configuration.stream, minimumDelay: configuration.minimumDelay,
                                maximumDelay: configuration.maximumDelay, nackConfiguration: nil)
        decoder = try OpusDecoder(channelCount: configuration.channelCount)
        timeline = RTPMediaTimeline(clockRate: configuration.stream.clockRate)
        block = AudioFrame(channelCount: configuration.channelCount, samplesPerChannel: 960)
    }

    func accepts(_ header: RTPHeader) -> Bool { queue.accepts(header) }

    func receivedSenderReport(_ report: RTCPSenderReport, at now: Duration) {
        queue.receivedSenderReport(report, at: now)
    }

    func makeReport(at now: Duration) -> RTCPReceptionReport? { queue.makeReport(at: now) }

    func receive(_ packet: RTPPacket, wireSize: Int, at now: Duration) throws(ViewerPipelineInputError) {
        try queue.insert(packet, wireSize: wireSize, at: now)
        try release(at: now)
    }

    func poll(at now: Duration, roundTripTime: Duration?) {
        _ = queue.maintain(at: now, roundTripTime: roundTripTime)
        // A malformed payload released by a timer is counted in `malformedPackets`.
        try? release(at: now)
    }

    /// End of stream: plays everything still buffered without waiting for holes.
    func drain(at now: Duration) {
        while let packet = queue.popRemaining() {
            do { try play(packet, at: now) } catch { counters.malformedPackets += 1 }
        }
    }

    func updateRates(at now: Duration) {
        bitRate.update(total: queue.counters.bytesReceived * 8, at: now)
    }

    func nextDeadline(roundTripTime: Duration?) -> Duration? { queue.nextDeadline(roundTripTime: roundTripTime) }

    var bitsPerSecond: Double { bitRate.perSecond }

    private func release(at now: Duration) throws(ViewerPipelineInputError) {
        var firstError: ViewerPipelineInputError?
        while let packet = queue.popReady(at: now) {
            do {
                try play(packet, at: now)
            } catch {
                counters.malformedPackets += 1
                if firstError == nil { firstError = error }
            }
        }
        if let firstError { throw firstError }
    }

    private func play(_ packet: RTPPacket, at now: Duration) throws(ViewerPipelineInputError) {
        let frame: OpusRTPFrame
        do { frame = try depayloader.depayload(packet) } catch { throw .rfc7587OpusPacketInvalid(error) }
        let start = timeline.mediaTime(rtpTimestamp: frame.rtpTimestamp, arrival: now)
        packetNumber += 1
        let encoded = EncodedAudioPacket(payload: frame.opusPacket, channelCount: configuration.channelCount,
                                         samplesPerChannel: frame.samplesPerChannel, timestamp: start,
                                         sequenceNumber: packetNumber)
        if frame.gapSamples > 0 { fillGap(of: frame.gapSamples, before: encoded) }
        do {
            try decoder.decode(encoded, into: &block)
            counters.packetsDecoded += 1
            outputs.write(audio: block)
        } catch {
            counters.decodeFailures += 1
        }
        outputs.record(audio: encoded)
    }

    /// Concealment for all but the last lost packet's worth, FEC for that last one.
    private func fillGap(of samples: Int, before next: EncodedAudioPacket) {
        let limit = Int(configuration.maximumConcealment.nonNegativeNanoseconds / 1_000 * UInt64(AudioFrame.sampleRate) / 1_000_000)
        guard samples <= limit else {
            counters.gapsNotConcealed += 1
            return
        }
        // libopus conceals and recovers in multiples of 2.5 ms (120 samples).
        let usable = samples / 120 * 120
        let recovered = min(usable, next.samplesPerChannel / 120 * 120)
        var concealed = usable - recovered
        let gapStart = next.timestamp.nanoseconds &- UInt64(samples) * 1_000_000_000 / UInt64(AudioFrame.sampleRate)
        var position = 0
        while concealed > 0 {
            let chunk = min(concealed, 960)
            let time = MediaTime(nanoseconds: gapStart + UInt64(position) * 1_000_000_000 / UInt64(AudioFrame.sampleRate))
            do {
                try decoder.concealLoss(samplesPerChannel: chunk, timestamp: time, sequenceNumber: next.sequenceNumber, into: &block)
                counters.samplesConcealed += Int64(chunk)
                outputs.write(audio: block)
            } catch {
                counters.decodeFailures += 1
            }
            concealed -= chunk
            position += chunk
        }
        guard recovered > 0 else { return }
        let time = MediaTime(nanoseconds: gapStart + UInt64(position) * 1_000_000_000 / UInt64(AudioFrame.sampleRate))
        do {
            try decoder.recoverLoss(from: next, samplesPerChannel: recovered, timestamp: time,
                                    sequenceNumber: next.sequenceNumber, into: &block)
            counters.samplesRecovered += Int64(recovered)
            outputs.write(audio: block)
        } catch {
            counters.decodeFailures += 1
        }
    }

    /// A new sender after a reconnect: fresh buffer and decoder; counters, outputs and the
    /// timeline continue.
    func startNewSource() throws(OpusCodecError) {
        queue.startNewSource()
        depayloader = OpusRTPDepayloader()
        decoder = try OpusDecoder(channelCount: configuration.channelCount)
        timeline.startNewSource()
        bitRate.reset()
    }
}
