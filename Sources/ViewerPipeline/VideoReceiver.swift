import H264
import Media
import RTCP
import RTP

/// The viewer's H264 receive path: RTP (any order, duplicates, RTX) → adaptive reorder
/// buffer → FU-A/STAP-A reassembly → keyframe gate → OpenH264 → outputs, with NACKs for
/// holes and PLIs when the decoder cannot continue or no keyframe came after joining.
///
/// Feedback (NACK, PLI) goes out through `sendFeedback` as RTCP packets; reception
/// reports are the pipeline's job (one RR for all streams). Time is injected: the caller
/// feeds packets with their arrival time and calls `poll(at:)` by `nextDeadline`.
///
/// - Important: Not thread-safe; owned by the task that runs the pipeline.
final class VideoReceiver {
    let configuration: VideoReceiverConfiguration
    private let localSSRC: UInt32
    private let outputs: ViewerOutputs
    /// Where NACKs and PLIs go (set by the pipeline once it exists).
    var sendFeedback: ([RTCPPacket]) -> Void = { _ in }
    private(set) var queue: RTPReceiveQueue
    private var depacketizer = H264RTPDepacketizer()
    private var keyframes: RTPKeyframeRequester
    private var decoder: H264Decoder
    private var timeline: RTPMediaTimeline
    /// Reused for every decoded picture.
    private var picture = VideoFrame(width: 2, height: 2)
    private var pictureSize: (width: Int, height: Int)?
    private var firstPacketAt: Duration?
    private var keyframeSeenSinceJoin = false
    private var accessUnitNumber: UInt64 = 0
    /// Set once the stream has ended: no more feedback goes out.
    private var isDraining = false
    private(set) var counters = Counters()
    private var frameRate = RateMeter()
    private var bitRate = RateMeter()

    struct Counters: Sendable, Equatable {
        var framesDecoded: Int64 = 0
        var keyframesDecoded: Int64 = 0
        /// Access units the depacketizer could not prove complete.
        var accessUnitsDiscarded: Int64 = 0
        /// Access units held back while waiting for a keyframe.
        var accessUnitsHeldBack: Int64 = 0
        var decodeFailures: Int64 = 0
        var pictureLossIndicationsSent: Int64 = 0
        var firstFrameAt: Duration?
    }

    init(configuration: VideoReceiverConfiguration, localSSRC: UInt32, outputs: ViewerOutputs) throws(H264DecoderError) {
        self.configuration = configuration
        self.localSSRC = localSSRC
        self.outputs = outputs
        queue = RTPReceiveQueue(parameters: configuration.stream, minimumDelay: configuration.minimumDelay,
                                maximumDelay: configuration.maximumDelay, nackConfiguration: configuration.nack)
        keyframes = RTPKeyframeRequester(minimumInterval: configuration.pictureLossIndicationInterval)
        decoder = try H264Decoder()
        timeline = RTPMediaTimeline(clockRate: configuration.stream.clockRate)
    }

    func accepts(_ header: RTPHeader) -> Bool { queue.accepts(header) }

    func receivedSenderReport(_ report: RTCPSenderReport, at now: Duration) {
        queue.receivedSenderReport(report, at: now)
    }

    func makeReport(at now: Duration) -> RTCPReceptionReport? { queue.makeReport(at: now) }

    func receive(_ packet: RTPPacket, wireSize: Int, at now: Duration) throws(ViewerPipelineInputError) {
        try queue.insert(packet, wireSize: wireSize, at: now)
        if firstPacketAt == nil { firstPacketAt = now }
        release(at: now)
    }

    /// Timers: NACKs due, buffer deadlines, PLIs; also refreshes the rates.
    func poll(at now: Duration, roundTripTime: Duration?) {
        let missing = queue.maintain(at: now, roundTripTime: roundTripTime)
        if !missing.isEmpty, let mediaSSRC = queue.mediaSSRC {
            sendFeedback([.genericNACK(RTCPGenericNACK(senderSSRC: localSSRC, mediaSSRC: mediaSSRC, lostSequenceNumbers: missing))])
        }
        if queue.takeKeyframeRequest() { keyframes.decoderCannotContinue() }
        release(at: now)
        requestKeyframeIfNeeded(at: now)
    }

    /// End of stream: hands everything still buffered to the decoder and outputs, sending
    /// no feedback (the session is over). Holes are not waited for any more.
    func drain(at now: Duration) {
        isDraining = true
        defer { isDraining = false }
        while let packet = queue.popRemaining() {
            depacketizer.push(packet) { output in handle(output, at: now) }
        }
        depacketizer.flush { output in handle(output, at: now) }
    }

    /// Refreshes fps and bitrate (once per second of `now`).
    func updateRates(at now: Duration) {
        frameRate.update(total: counters.framesDecoded, at: now)
        bitRate.update(total: queue.counters.bytesReceived * 8, at: now)
    }

    func nextDeadline(roundTripTime: Duration?) -> Duration? {
        var keyframeDeadline: Duration?
        if let first = firstPacketAt, keyframes.isWaitingForKeyframe, let due = keyframes.nextDeadline {
            keyframeDeadline = keyframeSeenSinceJoin ? due : max(due, first + configuration.joinKeyframeWait)
        }
        return earliest(queue.nextDeadline(roundTripTime: roundTripTime), keyframeDeadline)
    }

    var framesPerSecond: Double { frameRate.perSecond }
    var bitsPerSecond: Double { bitRate.perSecond }

    /// PLI when waiting for a keyframe: at once after a loss, but after joining only once
    /// `joinKeyframeWait` passed without one (the camera sends an IDR to a new viewer).
    private func requestKeyframeIfNeeded(at now: Duration) {
        guard !isDraining, let mediaSSRC = queue.mediaSSRC, let first = firstPacketAt, keyframes.isWaitingForKeyframe else { return }
        if !keyframeSeenSinceJoin && now - first < configuration.joinKeyframeWait { return }
        guard keyframes.shouldSendPictureLossIndication(at: now) else { return }
        counters.pictureLossIndicationsSent += 1
        sendFeedback([.pictureLossIndication(RTCPPictureLossIndication(senderSSRC: localSSRC, mediaSSRC: mediaSSRC))])
    }

    private func release(at now: Duration) {
        while let packet = queue.popReady(at: now) {
            depacketizer.push(packet) { output in handle(output, at: now) }
        }
    }

    private func handle(_ output: H264RTPDepacketizerOutput, at now: Duration) {
        if case .discarded = output { counters.accessUnitsDiscarded += 1 }
        let heldBefore = keyframes.heldBackCount
        guard let unit = keyframes.admit(output) else {
            counters.accessUnitsHeldBack += Int64(keyframes.heldBackCount - heldBefore)
            if keyframes.isWaitingForKeyframe { requestKeyframeIfNeeded(at: now) }
            return
        }
        if unit.isKeyframe { keyframeSeenSinceJoin = true }
        accessUnitNumber += 1
        let time = timeline.mediaTime(rtpTimestamp: unit.rtpTimestamp, arrival: now)
        var encoded = EncodedVideoFrame(annexB: unit.annexB, isKeyframe: unit.isKeyframe,
                                        width: pictureSize?.width ?? 0, height: pictureSize?.height ?? 0,
                                        timestamp: time, sequenceNumber: accessUnitNumber)
        do {
            if try decoder.decode(encoded, into: &picture) {
                counters.framesDecoded += 1
                if unit.isKeyframe { counters.keyframesDecoded += 1 }
                if counters.firstFrameAt == nil { counters.firstFrameAt = now }
                pictureSize = (picture.width, picture.height)
                encoded.width = picture.width
                encoded.height = picture.height
                outputs.write(picture: picture)
            }
        } catch {
            counters.decodeFailures += 1
            if error.needsKeyframe {
                keyframes.decoderCannotContinue()
                requestKeyframeIfNeeded(at: now)
            }
            return
        }
        outputs.record(video: encoded)
    }

    /// A new sender after a reconnect: fresh buffer, depacketizer and decoder state (the
    /// next picture must be a keyframe); counters, outputs and the timeline continue.
    func startNewSource() throws(H264DecoderError) {
        queue.startNewSource()
        depacketizer = H264RTPDepacketizer()
        keyframes = RTPKeyframeRequester(minimumInterval: configuration.pictureLossIndicationInterval)
        decoder = try H264Decoder()
        timeline.startNewSource()
        firstPacketAt = nil
        keyframeSeenSinceJoin = false
        frameRate.reset()
        bitRate.reset()
    }
}
