import RTP

/// Generic NACK (RTPFB, FMT 1): the receiver lists RTP sequence numbers it did not get so
/// the sender can retransmit them.
///
/// On the wire each entry is a packet ID (PID) and a 16-bit bitmask (BLP) whose bit i marks
/// PID + i + 1 as lost too; `init(lostSequenceNumbers:)` and `lostSequenceNumbers` convert
/// between that packing and a plain list, with sequence-number wrap-around.
/// See https://www.rfc-editor.org/rfc/rfc4585#section-6.2.1
public struct RTCPGenericNACK: RTCPBody, Hashable {
    static let packetType = RTCPHeader.transportFeedbackType
    static let format: UInt8 = 1

    /// One FCI entry: PID and BLP.
    public struct Pair: Equatable, Hashable, Sendable {
        public var packetID: UInt16
        public var lostBitmask: UInt16

        public init(packetID: UInt16, lostBitmask: UInt16) {
            self.packetID = packetID
            self.lostBitmask = lostBitmask
        }
    }

    public var senderSSRC: UInt32
    public var mediaSSRC: UInt32
    public var pairs: [Pair]

    public init(senderSSRC: UInt32, mediaSSRC: UInt32, pairs: [Pair]) {
        self.senderSSRC = senderSSRC
        self.mediaSSRC = mediaSSRC
        self.pairs = pairs
    }

    /// Packs `lostSequenceNumbers` (in RTP order, wrap-around allowed) into as few pairs as
    /// a single forward pass allows: a number within 16 after the current PID joins its mask.
    public init(senderSSRC: UInt32, mediaSSRC: UInt32, lostSequenceNumbers: [UInt16]) {
        var pairs: [Pair] = []
        for sequenceNumber in lostSequenceNumbers {
            if let last = pairs.last {
                let offset = sequenceNumber &- last.packetID
                if offset == 0 { continue }
                if (1...16).contains(offset) {
                    pairs[pairs.count - 1].lostBitmask |= 1 << (offset - 1)
                    continue
                }
            }
            pairs.append(Pair(packetID: sequenceNumber, lostBitmask: 0))
        }
        self.init(senderSSRC: senderSSRC, mediaSSRC: mediaSSRC, pairs: pairs)
    }

    /// Every sequence number the pairs mark as lost, in packing order.
    public var lostSequenceNumbers: [UInt16] {
        var lost: [UInt16] = []
        for pair in pairs {
            lost.append(pair.packetID)
            for bit in 0..<16 where pair.lostBitmask & (1 << bit) != 0 {
                lost.append(pair.packetID &+ UInt16(bit + 1))
            }
        }
        return lost
    }

    public var marshaledSize: Int { packetSize }
    public init(unmarshaling packet: UnsafeRawBufferPointer) throws(RTCPError) {
        self = try Self.unmarshalPacket(packet, format: Self.format)
    }
    public func marshal(into buffer: UnsafeMutableRawBufferPointer) throws(RTCPError) -> Int { try marshalPacket(into: buffer) }

    var headerCount: UInt8 { Self.format }
    var bodySize: Int { RTCPFeedbackSources.size + 4 * pairs.count }
    func validate() throws(RTCPError) {}

    func writeBody(into writer: inout NetworkByteWriter) {
        RTCPFeedbackSources.write(sender: senderSSRC, media: mediaSSRC, into: &writer)
        for pair in pairs {
            writer.write(pair.packetID)
            writer.write(pair.lostBitmask)
        }
    }

    init(headerCount: UInt8, body: UnsafeRawBufferPointer) throws(RTCPError) {
        var reader = NetworkByteReader(body)
        let sources = try RTCPFeedbackSources.read(&reader)
        guard reader.remaining % 4 == 0 else { throw .rfc4585NACKEntryTruncated }
        var pairs: [Pair] = []
        while let packetID = reader.readUInt16(), let bitmask = reader.readUInt16() {
            pairs.append(Pair(packetID: packetID, lostBitmask: bitmask))
        }
        self.init(senderSSRC: sources.sender, mediaSSRC: sources.media, pairs: pairs)
    }
}
