import Dispatch
import Foundation
import Synchronization
import WebRTC

/// Receives a peer's media: `receive` (on the ICE thread) copies each decrypted packet into a
/// bounded ring of reused buffers and returns at once; one worker thread feeds them, in
/// arrival order, to the ``ReceivedMediaConsumer`` (the viewer pipeline) and runs its timers;
/// what the consumer sends (RR, NACK, PLI) goes out through `PeerConnection.send(rtcp:)`.
///
/// Why a worker thread and a bounded ring: the ICE callback must not block, and an H264
/// decode (1–2 ms at 720p) or a slow output would stall every datagram behind it, DTLS and
/// consent included. A ring of `queueCapacity` preallocated slots allocates nothing per
/// packet; when the worker is that far behind, a packet is refused and counted (the consumer
/// sees a gap, NACKs it, or asks for a keyframe) rather than the memory growing. The default
/// 1024 slots (about 1.5 MB) ride out a worker stall of roughly 4 s of 2 Mbit/s video. No task
/// per packet: one semaphore signal wakes the worker.
///
/// Wire it through a ``PeerMediaPacketRouter`` given to the `PeerConnection` at its creation.
public final class PeerMediaReceiver: @unchecked Sendable {
    // @unchecked: `consumer` is touched only by the worker thread (and by `init` before it
    // starts); everything else is a lock, an atomic or immutable.

    public let connection: PeerConnection
    /// Capacity of the hand-off ring, in packets.
    public let queueCapacity: Int
    private let consumer: any ReceivedMediaConsumer
    private let ring: Mutex<Ring>
    private let wake = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    private let stopping = Atomic<Bool>(false)
    private let started = Atomic<Bool>(false)
    private let counters: Mutex<PeerMediaReceiverStatistics>
    private let sentCounters: SharedCounters
    private let clock = ContinuousClock()
    private let origin: ContinuousClock.Instant

    private struct Slot {
        var bytes: [UInt8] = []
        var isRTCP = false
        var arrival: Duration = .zero
    }

    private struct Ring {
        var slots: [Slot]
        var head = 0
        var count = 0
    }

    /// - Parameters:
    ///   - makeConsumer: builds the consumer, given the function that sends its RTCP
    ///     (counted in `statistics`). The receiver's clock starts at zero here.
    public init(connection: PeerConnection, queueCapacity: Int = 1024,
                makeConsumer: (_ sendRTCP: @escaping @Sendable ([UInt8]) -> Void) throws -> any ReceivedMediaConsumer) rethrows {
        self.connection = connection
        self.queueCapacity = max(1, queueCapacity)
        origin = clock.now
        let counters = Mutex(PeerMediaReceiverStatistics())
        var slots = Array(repeating: Slot(), count: max(1, queueCapacity))
        for index in slots.indices { slots[index].bytes.reserveCapacity(1500) }
        ring = Mutex(Ring(slots: slots))
        let sharedCounters = SharedCounters()
        consumer = try makeConsumer { [connection] bytes in
            do {
                try connection.send(rtcp: bytes)
                sharedCounters.sent.add(1, ordering: .relaxed)
                sharedCounters.sentBytes.add(bytes.count, ordering: .relaxed)
            } catch {
                sharedCounters.failed.add(1, ordering: .relaxed)
            }
        }
        self.counters = counters
        self.sentCounters = sharedCounters
    }

    /// What the consumer's RTCP sends did; shared with the send closure, which outlives `init`.
    private final class SharedCounters: Sendable {
        let sent = Atomic<Int>(0)
        let sentBytes = Atomic<Int>(0)
        let failed = Atomic<Int>(0)
    }

    /// Now on this receiver's clock (zero at creation).
    public var now: Duration { clock.now - origin }

    /// Starts the worker thread. Separate from `init` so nothing runs before the owner is ready.
    /// The thread keeps the receiver alive until `stop()`: always call it.
    public func start() {
        guard !started.exchange(true, ordering: .relaxed) else { return }
        let thread = Thread { [self] in run() }
        thread.name = "peercam-media-receive"
        thread.start()
    }

    /// Stops the worker after it handed over what was queued and let the consumer finish
    /// (outputs closed); returns when it ended.
    public func stop() {
        guard started.load(ordering: .relaxed), !stopping.exchange(true, ordering: .relaxed) else { return }
        wake.signal()
        finished.wait()
    }

    /// One decrypted packet from the connection (ICE thread; borrowed bytes): copied and queued.
    public func receive(_ packet: PeerConnectionReceivedPacket) {
        let isRTCP = packet.kind == .rtcp
        let arrival = now
        let queued = ring.withLock { ring -> Int? in
            guard ring.count < ring.slots.count else { return nil }
            let index = (ring.head + ring.count) % ring.slots.count
            ring.slots[index].bytes.removeAll(keepingCapacity: true)
            ring.slots[index].bytes.append(contentsOf: packet.bytes)
            ring.slots[index].isRTCP = isRTCP
            ring.slots[index].arrival = arrival
            ring.count += 1
            return ring.count
        }
        counters.withLock { counters in
            guard let depth = queued else {
                counters.packetsDroppedQueueFull += 1
                return
            }
            counters.queueHighWater = max(counters.queueHighWater, depth)
            if isRTCP {
                counters.rtcpPacketsReceived += 1
            } else {
                counters.rtpPacketsReceived += 1
                counters.rtpBytesReceived += packet.bytes.count
            }
        }
        if queued != nil { wake.signal() }
    }

    public var statistics: PeerMediaReceiverStatistics {
        var snapshot = counters.withLock { $0 }
        snapshot.rtcpPacketsSent = sentCounters.sent.load(ordering: .relaxed)
        snapshot.rtcpBytesSent = sentCounters.sentBytes.load(ordering: .relaxed)
        snapshot.rtcpSendFailures = sentCounters.failed.load(ordering: .relaxed)
        return snapshot
    }

    /// The worker: drain the ring, run the consumer's timers, sleep until the next packet or
    /// deadline (at most 20 ms, so a stop is noticed promptly).
    private func run() {
        var current = Slot()
        current.bytes.reserveCapacity(1500)
        while true {
            while takeNext(into: &current) {
                current.bytes.withUnsafeBytes { bytes in
                    if current.isRTCP {
                        consumer.receiveRTCP(bytes, at: current.arrival)
                    } else {
                        consumer.receiveRTP(bytes, at: current.arrival)
                    }
                }
            }
            let time = now
            consumer.poll(at: time)
            if stopping.load(ordering: .relaxed) {
                consumer.finish(at: time)
                break
            }
            let wait = min(max(.zero, (consumer.nextDeadline ?? time + .milliseconds(20)) - time), .milliseconds(20))
            let nanoseconds = Int(wait.components.seconds) * 1_000_000_000 + Int(wait.components.attoseconds / 1_000_000_000)
            _ = wake.wait(timeout: .now() + .nanoseconds(nanoseconds))
        }
        finished.signal()
    }

    /// Swaps the oldest queued slot with `slot` (no copy, no allocation); false when empty.
    private func takeNext(into slot: inout Slot) -> Bool {
        ring.withLock { ring in
            guard ring.count > 0 else { return false }
            swap(&slot, &ring.slots[ring.head])
            ring.head = (ring.head + 1) % ring.slots.count
            ring.count -= 1
            return true
        }
    }
}
