/// Datagrams that arrived before the layer that must read them was ready: a DTLS ClientHello
/// racing the answer SDP (the DTLS transport does not exist yet), SRTP sent by a peer that
/// finished its handshake a moment before we derived keys. They are held briefly and
/// processed in arrival order once the layer is up, instead of being dropped
/// (the libdatachannel approach; [RFC 7983 §7](https://www.rfc-editor.org/rfc/rfc7983#section-7)
/// demux happens before holding).
///
/// Bounded in count, bytes and age, so a peer flooding a half-open connection cannot grow
/// memory: what does not fit is refused and counted by the caller.
public struct PendingDatagramQueue: Sendable {
    /// The three bounds.
    public struct Limits: Sendable, Equatable {
        public var maximumCount: Int
        public var maximumBytes: Int
        /// How long a datagram may wait; older ones are discarded when the queue is drained.
        public var maximumAge: Duration

        /// 256 datagrams / 512 KiB / 2 s: a DTLS first flight plus a burst of keyframe packets.
        public static let standard = Limits(maximumCount: 256, maximumBytes: 512 * 1024, maximumAge: .seconds(2))

        public init(maximumCount: Int, maximumBytes: Int, maximumAge: Duration) {
            self.maximumCount = maximumCount
            self.maximumBytes = maximumBytes
            self.maximumAge = maximumAge
        }
    }

    /// Which layer a held datagram waits for.
    public enum Layer: Sendable, Equatable { case dtls, srtp }

    struct Entry: Sendable {
        var layer: Layer
        var bytes: [UInt8]
        var arrival: ContinuousClock.Instant
    }

    public let limits: Limits
    private var entries: [Entry] = []
    private var heldBytes = 0

    public init(limits: Limits = .standard) {
        self.limits = limits
    }

    public var count: Int { entries.count }

    /// Holds a copy of `datagram`.
    /// - Returns: false when a bound is reached; the datagram is not held.
    public mutating func hold(_ datagram: UnsafeRawBufferPointer, for layer: Layer,
                              now: ContinuousClock.Instant) -> Bool {
        guard entries.count < limits.maximumCount, heldBytes + datagram.count <= limits.maximumBytes else {
            return false
        }
        entries.append(Entry(layer: layer, bytes: Array(datagram), arrival: now))
        heldBytes += datagram.count
        return true
    }

    /// Removes and returns the datagrams held for `layer`, oldest first, leaving the others.
    /// - Returns: the fresh datagrams and how many had expired (not returned).
    public mutating func take(_ layer: Layer, now: ContinuousClock.Instant) -> (datagrams: [[UInt8]], expired: Int) {
        var taken: [[UInt8]] = []
        var expired = 0
        var kept: [Entry] = []
        for entry in entries {
            guard entry.layer == layer else {
                kept.append(entry)
                continue
            }
            heldBytes -= entry.bytes.count
            if now - entry.arrival > limits.maximumAge {
                expired += 1
            } else {
                taken.append(entry.bytes)
            }
        }
        entries = kept
        return (taken, expired)
    }

    /// Forgets everything (on close).
    public mutating func removeAll() {
        entries.removeAll()
        heldBytes = 0
    }
}
