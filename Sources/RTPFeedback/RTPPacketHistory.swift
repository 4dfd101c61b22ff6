import RTP

/// The recently sent packets of one outgoing RTP stream, kept so that a generic NACK
/// (RFC 4585 §6.2.1) can be answered by retransmitting them (plain, or as RTX per RFC 4588).
///
/// One encoder and one packetizer feed every viewer of a stream, so there is ONE history per
/// stream, shared by all peers: the stream's owner stores each packet once as it leaves the
/// packetizer, and every peer's `RTPNACKResponder` reads from the same history (it is passed
/// in by reference to `respond(to:from:…)`, never copied per peer).
///
/// Packets are kept as marshaled bytes in a ring of reusable buffers indexed by sequence
/// number (a power-of-two slot count), so a lookup is one index computation and, once every
/// slot's buffer has grown to packet size, storing allocates nothing. Packets leave the
/// history when they are older than `maximumAge` (a retransmission would arrive too late to
/// play), when the stored bytes exceed `maximumBytes` (oldest first), or when their slot is
/// needed by a packet `slotCount` sequence numbers newer.
public struct RTPPacketHistory: Sendable {
    public struct Configuration: Sendable {
        /// Packets older than this are neither returned nor kept.
        public var maximumAge: Duration
        /// Upper bound on the marshaled bytes kept; the oldest packets go first.
        public var maximumBytes: Int
        /// Slots in the ring, rounded up to a power of two: the most packets ever kept.
        public var slotCount: Int

        public init(maximumAge: Duration = .seconds(1), maximumBytes: Int = 1 << 20, slotCount: Int = 2048) {
            self.maximumAge = maximumAge
            self.maximumBytes = maximumBytes
            self.slotCount = slotCount
        }
    }

    /// A packet as stored, borrowed for the duration of a lookup.
    public struct StoredPacket {
        /// The whole marshaled RTP packet, as sent.
        public let bytes: UnsafeRawBufferPointer
        /// Offset of the payload (after the fixed header, CSRCs and extension block).
        public let payloadOffset: Int
        public let sequenceNumber: UInt16
        public let sentAt: Duration
    }

    private struct Slot {
        var bytes: [UInt8] = []
        var extendedSequenceNumber: Int64 = -1
        var payloadOffset = 0
        var sentAt: Duration = .zero
        var isLive = false
    }

    public let configuration: Configuration
    /// The SSRC of the stream, fixed by the first packet stored.
    public private(set) var ssrc: UInt32?
    private var slots: [Slot]
    private let mask: Int
    private var unwrapper = RTPSequenceNumberUnwrapper()
    private var scratch: [UInt8] = []
    /// Extended sequence numbers of the oldest slot that may be live and of the newest packet.
    private var oldest: Int64 = 0
    private var newest: Int64?
    /// Packets currently kept.
    public private(set) var count = 0
    /// Marshaled bytes currently kept.
    public private(set) var storedBytes = 0
    /// Packets evicted because they grew too old, for statistics.
    public private(set) var evictedByAge = 0
    /// Packets evicted to stay under `maximumBytes` or to free their slot.
    public private(set) var evictedBySize = 0

    public init(configuration: Configuration = Configuration()) {
        var slotCount = 1
        while slotCount < max(1, configuration.slotCount) { slotCount <<= 1 }
        self.configuration = configuration
        self.slots = Array(repeating: Slot(), count: slotCount)
        self.mask = slotCount - 1
    }

    /// Stores a packet already marshaled by the sender (the bytes handed to SRTP).
    ///
    /// - Throws: `.malformedPacket` when the bytes are not RTP, `.rfc3550ForeignSSRC` when the
    ///   packet belongs to another stream, `.rfc3550SequenceNumberNotAdvancing` when it is not
    ///   newer than the last packet stored, `.packetLargerThanHistory` when it cannot fit at all.
    public mutating func store(_ packet: UnsafeRawBufferPointer, sentAt now: Duration) throws(RTPPacketHistoryError) {
        let layout: RTPHeader.Layout
        do {
            layout = try RTPHeader.unmarshal(packet: packet, parsingExtensions: false)
        } catch {
            throw .malformedPacket(error)
        }
        let slot = try admit(layout.header, size: packet.count, at: now)
        slots[slot].bytes.removeAll(keepingCapacity: true)
        slots[slot].bytes.append(contentsOf: packet)
        slots[slot].payloadOffset = layout.payload.lowerBound
        finishStore(slot: slot, size: packet.count, at: now)
    }

    /// Marshals and stores a packet (through one reused scratch buffer, so nothing of the
    /// history changes when the packet cannot be marshaled).
    public mutating func store(_ packet: RTPPacket, sentAt now: Duration) throws(RTPPacketHistoryError) {
        scratch.removeAll(keepingCapacity: true)
        do {
            try packet.marshal(appendingTo: &scratch)
        } catch {
            throw .malformedPacket(error)
        }
        var marshaled: [UInt8] = []
        swap(&marshaled, &scratch)
        defer { swap(&marshaled, &scratch) }
        let result = marshaled.withUnsafeBytes { bytes in
            Result { () throws(RTPPacketHistoryError) in try store(bytes, sentAt: now) }
        }
        try result.get()
    }

    /// Calls `body` with the packet `sequenceNumber` if it is still kept and not older than
    /// `maximumAge` at `now`; returns `nil` otherwise. Nothing is copied.
    public func withPacket<Result>(sequenceNumber: UInt16, at now: Duration,
                                   _ body: (StoredPacket) -> Result) -> Result? {
        guard newest != nil else { return nil }
        let extended = unwrapper.peek(sequenceNumber)
        let slot = slots[Int(truncatingIfNeeded: extended) & mask]
        guard slot.isLive, slot.extendedSequenceNumber == extended, now - slot.sentAt <= configuration.maximumAge
        else { return nil }
        return slot.bytes.withUnsafeBytes { bytes in
            body(StoredPacket(bytes: bytes, payloadOffset: slot.payloadOffset, sequenceNumber: sequenceNumber,
                              sentAt: slot.sentAt))
        }
    }

    /// The packet `sequenceNumber`, parsed into a new value (for tests and diagnostics; the
    /// send path uses `withPacket`).
    public func packet(sequenceNumber: UInt16, at now: Duration) -> RTPPacket? {
        withPacket(sequenceNumber: sequenceNumber, at: now) { stored in try? RTPPacket(unmarshaling: stored.bytes) } ?? nil
    }

    /// Drops packets older than `maximumAge`; `store` does this too, so a stream that keeps
    /// sending never needs to call it.
    public mutating func evictExpired(at now: Duration) {
        while let newest, oldest <= newest {
            let index = Int(truncatingIfNeeded: oldest) & mask
            if slots[index].isLive && slots[index].extendedSequenceNumber == oldest {
                guard now - slots[index].sentAt > configuration.maximumAge else { return }
                evict(index)
                evictedByAge += 1
            }
            oldest += 1
        }
    }

    // MARK: - Storing

    /// Checks the header, frees the slot the packet will use and returns its index.
    private mutating func admit(_ header: RTPHeader, size: Int, at now: Duration) throws(RTPPacketHistoryError) -> Int {
        if let ssrc, ssrc != header.ssrc { throw .rfc3550ForeignSSRC(expected: ssrc, received: header.ssrc) }
        guard size <= configuration.maximumBytes else {
            throw .packetLargerThanHistory(size: size, maximumBytes: configuration.maximumBytes)
        }
        let extended = unwrapper.peek(header.sequenceNumber)
        if let newest, extended <= newest {
            throw .rfc3550SequenceNumberNotAdvancing(sequenceNumber: header.sequenceNumber,
                                                     newest: UInt16(truncatingIfNeeded: newest))
        }
        ssrc = header.ssrc
        _ = unwrapper.unwrap(header.sequenceNumber)
        if newest == nil { oldest = extended }
        // Free every slot the jump forward overtakes: a slot holds one packet per lap.
        let firstKept = extended - Int64(slots.count) + 1
        if oldest < firstKept {
            if firstKept - oldest >= Int64(slots.count) {
                for index in slots.indices where slots[index].isLive {
                    evict(index)
                    evictedBySize += 1
                }
                oldest = firstKept
            } else {
                while oldest < firstKept {
                    let index = Int(truncatingIfNeeded: oldest) & mask
                    if slots[index].isLive {
                        evict(index)
                        evictedBySize += 1
                    }
                    oldest += 1
                }
            }
        }
        newest = extended
        let index = Int(truncatingIfNeeded: extended) & mask
        slots[index].extendedSequenceNumber = extended
        slots[index].sentAt = now
        slots[index].isLive = true
        return index
    }

    private mutating func finishStore(slot: Int, size: Int, at now: Duration) {
        count += 1
        storedBytes += size
        evictExpired(at: now)
        while storedBytes > configuration.maximumBytes, let newest, oldest < newest {
            let index = Int(truncatingIfNeeded: oldest) & mask
            if slots[index].isLive && slots[index].extendedSequenceNumber == oldest {
                evict(index)
                evictedBySize += 1
            }
            oldest += 1
        }
    }

    private mutating func evict(_ index: Int) {
        slots[index].isLive = false
        count -= 1
        storedBytes -= slots[index].bytes.count
    }
}
