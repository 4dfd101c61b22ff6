import RTP

/// Source description (SDES, PT 202): items such as CNAME that name each source.
/// WebRTC requires a CNAME in every compound packet (RFC 3550 §6.1, RFC 7022).
/// See https://www.rfc-editor.org/rfc/rfc3550#section-6.5
public struct RTCPSourceDescription: RTCPBody, Hashable {
    static let packetType = RTCPHeader.sourceDescriptionType

    /// One SDES item: type (CNAME = 1, NAME = 2, …, PRIV = 8) and up to 255 octets of text.
    public struct Item: Equatable, Hashable, Sendable {
        public var type: UInt8
        /// UTF-8 text, kept as bytes so that whatever a peer sent survives a round trip.
        public var text: [UInt8]

        public init(type: UInt8, text: [UInt8]) {
            self.type = type
            self.text = text
        }

        public static let cnameType: UInt8 = 1

        public static func cname(_ name: String) -> Item { Item(type: cnameType, text: Array(name.utf8)) }
    }

    /// The items describing one source.
    public struct Chunk: Equatable, Hashable, Sendable {
        public var source: UInt32
        public var items: [Item]

        public init(source: UInt32, items: [Item]) {
            self.source = source
            self.items = items
        }

        /// SSRC, items, at least one null octet, padded to a 32-bit boundary.
        var size: Int { (4 + items.reduce(0) { $0 + 2 + $1.text.count } + 1 + 3) & ~3 }
    }

    public var chunks: [Chunk]

    public init(chunks: [Chunk]) {
        self.chunks = chunks
    }

    /// The CNAME of `source`, if this packet carries one.
    public func cname(of source: UInt32) -> String? {
        chunks.first { $0.source == source }?.items.first { $0.type == Item.cnameType }
            .map { String(decoding: $0.text, as: UTF8.self) }
    }

    public var marshaledSize: Int { packetSize }
    public init(unmarshaling packet: UnsafeRawBufferPointer) throws(RTCPError) { self = try Self.unmarshalPacket(packet) }
    public func marshal(into buffer: UnsafeMutableRawBufferPointer) throws(RTCPError) -> Int { try marshalPacket(into: buffer) }

    var headerCount: UInt8 { UInt8(truncatingIfNeeded: chunks.count) }
    var bodySize: Int { chunks.reduce(0) { $0 + $1.size } }

    func validate() throws(RTCPError) {
        guard chunks.count <= 31 else { throw .rfc3550CountOutOfRange(chunks.count) }
        for item in chunks.lazy.flatMap(\.items) where item.type == 0 || item.text.count > 255 {
            throw .rfc3550SDESItemInvalid(type: item.type, length: item.text.count)
        }
    }

    func writeBody(into writer: inout NetworkByteWriter) {
        for chunk in chunks {
            let start = writer.offset
            writer.write(chunk.source)
            for item in chunk.items {
                writer.write(item.type)
                writer.write(UInt8(item.text.count))
                writer.write(item.text)
            }
            writer.writeZeros(chunk.size - (writer.offset - start))
        }
    }

    init(headerCount: UInt8, body: UnsafeRawBufferPointer) throws(RTCPError) {
        var reader = NetworkByteReader(body)
        var chunks: [Chunk] = []
        for _ in 0..<headerCount {
            let start = reader.offset
            guard let source = reader.readUInt32() else { throw .rfc3550SDESChunkTruncated }
            var items: [Item] = []
            while true {
                guard let type = reader.readUInt8() else { throw .rfc3550SDESChunkNotTerminated }
                if type == 0 { break }
                guard let length = reader.readUInt8(), let text = reader.readBytes(Int(length)) else {
                    throw .rfc3550SDESChunkTruncated
                }
                items.append(Item(type: type, text: text))
            }
            // Null octets up to the next 32-bit boundary (the terminator was the first).
            let consumed = reader.offset - start
            guard reader.skip((4 - consumed % 4) % 4) else { throw .rfc3550SDESChunkTruncated }
            chunks.append(Chunk(source: source, items: items))
        }
        self.init(chunks: chunks)
    }
}
