import Media
import RTP
import Synchronization

/// The one place every RTP packet of a stream goes through: each encoded frame is
/// packetized once, then each packet is handed, borrowed, first to the packet observer (the
/// retransmission history, when the agent attaches one) and then to every subscriber.
///
/// Deliveries happen under one lock, so video and audio packets never reach a sink
/// concurrently, and `barrier()` lets a caller wait until a delivery in progress is over
/// (after which a removed subscriber gets nothing more).
final class CameraRTPFanOut: Sendable {
    private let packetizer: Mutex<RTPStreamPacketizer>
    private let subscriptions = Mutex<[CameraStreamSubscription]>([])
    private let observer: (any RTPPacketSink)?
    /// Counted before a packet is handed out, so whoever received it sees it counted.
    private let videoPackets = Atomic<UInt64>(0), videoBytes = Atomic<UInt64>(0)
    private let audioPackets = Atomic<UInt64>(0), audioBytes = Atomic<UInt64>(0)

    init(configuration: CameraStreamConfiguration, observer: (any RTPPacketSink)?) throws(H264RTPPayloaderError) {
        packetizer = Mutex(try RTPStreamPacketizer(configuration: configuration))
        self.observer = observer
    }

    var count: Int { subscriptions.withLock { $0.count } }

    /// Adds a subscriber unless the stream is full or already has it.
    /// - Returns: the number of subscribers now.
    func add(_ subscription: CameraStreamSubscription, limit: Int) throws(CameraStreamSubscribeError) -> Int {
        try subscriptions.withLock { (list: inout [CameraStreamSubscription]) throws(CameraStreamSubscribeError) -> Int in
            guard !list.contains(where: { $0.subscriber === subscription.subscriber }) else { throw .alreadySubscribed }
            guard list.count < limit else { throw .perStreamLimitReached(limit: limit) }
            list.append(subscription)
            return list.count
        }
    }

    /// Removes a subscriber. - Returns: whether it was there, and how many remain.
    func remove(_ subscription: CameraStreamSubscription) -> (removed: Bool, remaining: Int) {
        subscriptions.withLock { list in
            let before = list.count
            list.removeAll { $0 === subscription }
            return (list.count < before, list.count)
        }
    }

    /// Removes and returns every subscriber (the stream ended).
    func removeAll() -> [CameraStreamSubscription] {
        subscriptions.withLock { list in
            defer { list.removeAll() }
            return list
        }
    }

    /// Packets and bytes produced since the last `resetTally()`, each counted once.
    func tally(into counters: inout CameraStreamCounters) {
        counters.videoPacketsProduced = videoPackets.load(ordering: .relaxed)
        counters.videoBytesProduced = videoBytes.load(ordering: .relaxed)
        counters.audioPacketsProduced = audioPackets.load(ordering: .relaxed)
        counters.audioBytesProduced = audioBytes.load(ordering: .relaxed)
    }

    /// A new run starts counting from zero.
    func resetTally() {
        videoPackets.store(0, ordering: .relaxed)
        videoBytes.store(0, ordering: .relaxed)
        audioPackets.store(0, ordering: .relaxed)
        audioBytes.store(0, ordering: .relaxed)
    }

    /// Fixes the RTP time line's origin, once: a run calls it before its sources exist, so
    /// every capture timestamp comes after it whichever kind delivers first.
    func anchorTimeline(at time: MediaTime) {
        packetizer.withLock { $0.anchorTimeline(at: time) }
    }

    func rtpTimestamp(at time: MediaTime, kind: CameraMediaKind) -> UInt32? {
        packetizer.withLock { $0.rtpTimestamp(at: time, kind: kind) }
    }

    /// Waits for a delivery in progress to end.
    func barrier() { packetizer.withLock { _ in } }

    /// Packetizes one access unit and delivers it. Subscribers waiting for their first
    /// keyframe get nothing until an IDR starts; from an IDR on they get every packet.
    func deliver(_ frame: EncodedVideoFrame) throws {
        try packetizer.withLock { packetizer in
            let targets = subscriptions.withLock { $0 }
            if frame.isKeyframe {
                for target in targets { target.awaitingKeyframe.store(false, ordering: .relaxed) }
            }
            try packetizer.packetize(frame) { packet in
                videoPackets.add(1, ordering: .relaxed)
                videoBytes.add(UInt64(packet.count), ordering: .relaxed)
                observer?.deliver(packet, kind: .video)
                for target in targets where !target.awaitingKeyframe.load(ordering: .relaxed) {
                    target.subscriber.deliver(packet, kind: .video)
                }
            }
        }
    }

    /// Packetizes one Opus packet and delivers it to every subscriber.
    func deliver(_ audio: EncodedAudioPacket) throws {
        try packetizer.withLock { packetizer in
            let targets = subscriptions.withLock { $0 }
            try packetizer.packetize(audio) { packet in
                audioPackets.add(1, ordering: .relaxed)
                audioBytes.add(UInt64(packet.count), ordering: .relaxed)
                observer?.deliver(packet, kind: .audio)
                for target in targets { target.subscriber.deliver(packet, kind: .audio) }
            }
        }
    }
}
