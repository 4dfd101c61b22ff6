/// Puts RTP packets of one stream back into sequence-number order before depacketization,
/// waiting a bounded time for a missing packet (reordered, or being retransmitted after a
/// NACK) and then giving up on it so the stream moves on.
///
/// Time is injected (`now` is any monotonic `Duration` since an arbitrary origin) so tests
/// and the receive loop drive it without sleeping. Slots are a fixed ring indexed by the
/// extended sequence number, so steady-state operation allocates nothing per packet.
public struct RTPReorderBuffer: Sendable {
    /// What `insert` did with a packet.
    public enum Insertion: Equatable, Sendable {
        case buffered
        /// The same sequence number is already buffered.
        case duplicate
        /// Older than a packet already released (or skipped): it arrived too late to use.
        case tooLate
    }

    private struct Slot {
        var packet: RTPPacket
        var extendedSequenceNumber: Int64
        var arrival: Duration
    }

    /// How long the first missing packet is waited for once a later one is buffered.
    public var maximumDelay: Duration
    private var slots: [Slot?]
    private var unwrapper = RTPSequenceNumberUnwrapper()
    /// Extended sequence number of the next packet to release; `nil` before the first one.
    private var nextToRelease: Int64?
    private var bufferedCount = 0
    /// Until the first release the stream's start is unknown: a packet older than the first
    /// one to arrive may still come, so nothing is released before `maximumDelay` passed.
    private var hasReleased = false
    private var firstArrival: Duration?
    /// Packets skipped because they did not arrive within `maximumDelay` (or the ring
    /// overflowed).
    public private(set) var skippedCount = 0

    /// - Parameters:
    ///   - capacity: packets the ring holds (at least 1); a jump further ahead than this gives
    ///     up on the packets before the new window.
    ///   - maximumDelay: how long a hole is waited for before the packets after it move on.
    public init(capacity: Int = 1024, maximumDelay: Duration) {
        slots = Array(repeating: nil, count: max(1, capacity))
        self.maximumDelay = maximumDelay
    }

    public var isEmpty: Bool { bufferedCount == 0 }

    /// Buffers `packet`, which arrived at `now`.
    public mutating func insert(_ packet: RTPPacket, at now: Duration) -> Insertion {
        let extended = unwrapper.unwrap(packet.header.sequenceNumber)
        guard let next = nextToRelease else {
            nextToRelease = extended
            firstArrival = now
            store(packet, extended: extended, at: now)
            return .buffered
        }
        if extended < next && !hasReleased && (unwrapper.highest ?? next) - extended < Int64(slots.count) {
            nextToRelease = extended
            store(packet, extended: extended, at: now)
            return .buffered
        }
        guard extended >= next else { return .tooLate }
        if extended >= next + Int64(slots.count) {
            // Jumped past what the ring can hold: give up on everything before the window.
            skip(to: extended - Int64(slots.count) + 1)
        }
        if let existing = slots[index(extended)], existing.extendedSequenceNumber == extended { return .duplicate }
        store(packet, extended: extended, at: now)
        return .buffered
    }

    /// The next packet in order, if it is here; otherwise, once the oldest buffered packet has
    /// waited `maximumDelay`, skips the missing ones and returns that packet. `nil` when the
    /// caller should wait (see `nextDeadline`).
    public mutating func popReady(at now: Duration) -> RTPPacket? {
        guard bufferedCount > 0, let next = nextToRelease else { return nil }
        if !hasReleased {
            guard let firstArrival, now - firstArrival >= maximumDelay else { return nil }
            return release(next)  // the earliest packet seen is the start of the stream
        }
        if let slot = slots[index(next)], slot.extendedSequenceNumber == next {
            return release(next)
        }
        guard let oldest = oldestBuffered(), now - oldest.arrival >= maximumDelay else { return nil }
        skip(to: oldest.extendedSequenceNumber)
        return release(oldest.extendedSequenceNumber)
    }

    /// When `popReady` will give up on the missing packet at the head, if one is missing.
    public var nextDeadline: Duration? {
        guard bufferedCount > 0, let next = nextToRelease else { return nil }
        if !hasReleased { return firstArrival.map { $0 + maximumDelay } }
        guard slots[index(next)]?.extendedSequenceNumber != next else { return nil }
        return oldestBuffered().map { $0.arrival + maximumDelay }
    }

    /// Sequence numbers between the release point and the newest buffered packet that have
    /// not arrived: the candidates for a NACK.
    public var missingSequenceNumbers: [UInt16] {
        guard let next = nextToRelease, let highest = unwrapper.highest, highest >= next else { return [] }
        var missing: [UInt16] = []
        for extended in next...highest where slots[index(extended)]?.extendedSequenceNumber != extended {
            missing.append(UInt16(truncatingIfNeeded: extended))
        }
        return missing
    }

    private func index(_ extended: Int64) -> Int {
        // Extended numbers can be negative (a packet older than the first one seen).
        let count = Int64(slots.count)
        return Int((extended % count + count) % count)
    }

    private mutating func store(_ packet: RTPPacket, extended: Int64, at now: Duration) {
        slots[index(extended)] = Slot(packet: packet, extendedSequenceNumber: extended, arrival: now)
        bufferedCount += 1
    }

    private mutating func release(_ extended: Int64) -> RTPPacket? {
        let slot = slots[index(extended)]
        slots[index(extended)] = nil
        bufferedCount -= 1
        nextToRelease = extended + 1
        hasReleased = true
        return slot?.packet
    }

    /// The buffered packet with the lowest sequence number after the release point.
    private func oldestBuffered() -> Slot? {
        guard let next = nextToRelease, let highest = unwrapper.highest, highest >= next else { return nil }
        for extended in next...highest {
            if let slot = slots[index(extended)], slot.extendedSequenceNumber == extended { return slot }
        }
        return nil
    }

    /// Moves the release point to `target`, dropping (and counting) anything before it.
    private mutating func skip(to target: Int64) {
        guard let next = nextToRelease, target > next else { return }
        let end = min(target, next + Int64(slots.count))
        for extended in next..<end {
            if let slot = slots[index(extended)], slot.extendedSequenceNumber == extended {
                slots[index(extended)] = nil
                bufferedCount -= 1
            }
        }
        skippedCount += Int(target - next)
        nextToRelease = target
    }
}
