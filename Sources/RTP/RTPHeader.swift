/// The RTP fixed header, CSRC list and header extension.
///
/// Kept apart from the payload so a sender can marshal the header straight into its packet
/// buffer and write the payload after it without building an intermediate packet.
/// See https://www.rfc-editor.org/rfc/rfc3550#section-5.1
public struct RTPHeader: Equatable, Hashable, Sendable {
    public var marker: Bool
    public var payloadType: UInt8
    public var sequenceNumber: UInt16
    public var timestamp: UInt32
    public var ssrc: UInt32
    public var csrcs: [UInt32]
    public var headerExtension: RTPHeaderExtension?

    public init(marker: Bool = false, payloadType: UInt8, sequenceNumber: UInt16, timestamp: UInt32, ssrc: UInt32,
                csrcs: [UInt32] = [], headerExtension: RTPHeaderExtension? = nil) {
        self.marker = marker
        self.payloadType = payloadType
        self.sequenceNumber = sequenceNumber
        self.timestamp = timestamp
        self.ssrc = ssrc
        self.csrcs = csrcs
        self.headerExtension = headerExtension
    }

    static let fixedSize = 12

    /// Bytes this header occupies on the wire.
    public var marshaledSize: Int {
        Self.fixedSize + 4 * csrcs.count + (headerExtension.map { 4 + $0.dataSize } ?? 0)
    }

    /// Checks every field against the wire limits before anything is written.
    func validate() throws(RTPPacketError) {
        guard csrcs.count <= 15 else { throw .rfc3550TooManyCSRCs(csrcs.count) }
        guard payloadType <= 127 else { throw .rfc3550PayloadTypeOutOfRange(payloadType) }
        try headerExtension?.validate()
    }

    /// Writes the header; `padding` sets the P bit for a packet whose caller appends padding.
    func write(into writer: inout NetworkByteWriter, padding: Bool) {
        writer.write(UInt8(0x80) | (padding ? 0x20 : 0) | (headerExtension == nil ? 0 : 0x10) | UInt8(csrcs.count))
        writer.write((marker ? 0x80 : 0) | payloadType)
        writer.write(sequenceNumber)
        writer.write(timestamp)
        writer.write(ssrc)
        for csrc in csrcs { writer.write(csrc) }
        headerExtension?.write(into: &writer)
    }

    /// Marshals the header (without padding) into `buffer` and returns its size, so the
    /// caller can place the payload right after it.
    public func marshal(into buffer: UnsafeMutableRawBufferPointer) throws(RTPPacketError) -> Int {
        try validate()
        let size = marshaledSize
        guard buffer.count >= size else { throw .bufferTooSmall(needed: size, available: buffer.count) }
        var writer = NetworkByteWriter(buffer)
        write(into: &writer, padding: false)
        return size
    }

    /// Where the parts of a parsed packet lie in the buffer it was parsed from.
    public struct Layout: Equatable, Sendable {
        /// The header; `headerExtension` is nil when parsed with `parsingExtensions: false`.
        public var header: RTPHeader
        /// Byte range of the payload (after the header, before any padding).
        public var payload: Range<Int>
        public var paddingSize: Int
        /// Profile and data range of the header extension block, if the X bit is set.
        public var extensionProfile: UInt16?
        public var extensionData: Range<Int>?

        /// The value of extension element `id` in `packet` (the buffer this layout was parsed
        /// from), borrowed without copying: the per-packet lookup of, say, the transport-wide
        /// sequence number allocates nothing.
        public func extensionValue(id: UInt8, in packet: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? {
            guard let profile = extensionProfile, let range = extensionData else { return nil }
            let data = UnsafeRawBufferPointer(rebasing: packet[range])
            var found: Range<Int>?
            // The block was validated while parsing, so the walk cannot throw here.
            _ = try? RTPHeaderExtension.forEachElement(profile: profile, data: data) { elementID, valueRange in
                if found == nil && elementID == id { found = valueRange }
            }
            return found.map { UnsafeRawBufferPointer(rebasing: data[$0]) }
        }
    }

    /// Parses a whole RTP packet's header and locates its payload without copying it.
    ///
    /// - Parameter parsingExtensions: false leaves `header.headerExtension` nil (the block is
    ///   still validated and located) so that a packet without CSRCs is parsed with no
    ///   allocation at all; read elements with `Layout.extensionValue(id:in:)`.
    public static func unmarshal(packet bytes: UnsafeRawBufferPointer,
                                 parsingExtensions: Bool = true) throws(RTPPacketError) -> Layout {
        var reader = NetworkByteReader(bytes)
        guard bytes.count >= fixedSize, let first = reader.readUInt8(), let second = reader.readUInt8(),
              let sequenceNumber = reader.readUInt16(), let timestamp = reader.readUInt32(), let ssrc = reader.readUInt32()
        else { throw .rfc3550HeaderTruncated(needed: fixedSize, available: bytes.count) }
        let version = first >> 6
        guard version == 2 else { throw .rfc3550VersionNotTwo(version) }
        let hasPadding = first & 0x20 != 0
        let hasExtension = first & 0x10 != 0
        let csrcCount = Int(first & 0x0F)
        guard reader.remaining >= 4 * csrcCount else {
            throw .rfc3550HeaderTruncated(needed: fixedSize + 4 * csrcCount, available: bytes.count)
        }
        var csrcs: [UInt32] = []
        if csrcCount > 0 {
            csrcs.reserveCapacity(csrcCount)
            for _ in 0..<csrcCount { if let csrc = reader.readUInt32() { csrcs.append(csrc) } }
        }
        var headerExtension: RTPHeaderExtension?
        var extensionProfile: UInt16?
        var extensionData: Range<Int>?
        if hasExtension {
            let extensionStart = reader.offset
            guard let profile = reader.readUInt16(), let words = reader.readUInt16() else {
                throw .rfc3550ExtensionTruncated(needed: extensionStart + 4, available: bytes.count)
            }
            let length = Int(words) * 4
            guard let data = reader.readSlice(length) else {
                throw .rfc3550ExtensionTruncated(needed: reader.offset + length, available: bytes.count)
            }
            extensionProfile = profile
            extensionData = reader.offset - length..<reader.offset
            if parsingExtensions {
                headerExtension = try RTPHeaderExtension.parse(profile: profile, data: data)
            } else {
                try RTPHeaderExtension.forEachElement(profile: profile, data: data) { _, _ in }
            }
        }
        var end = bytes.count
        var paddingSize = 0
        if hasPadding {
            paddingSize = Int(bytes[bytes.count - 1])
            guard paddingSize > 0 else { throw .rfc3550PaddingCountZero }
            guard paddingSize <= reader.remaining else {
                throw .rfc3550PaddingBeyondPayload(padding: paddingSize, available: reader.remaining)
            }
            end -= paddingSize
        }
        let header = RTPHeader(marker: second & 0x80 != 0, payloadType: second & 0x7F, sequenceNumber: sequenceNumber,
                               timestamp: timestamp, ssrc: ssrc, csrcs: csrcs, headerExtension: headerExtension)
        return Layout(header: header, payload: reader.offset..<end, paddingSize: paddingSize,
                      extensionProfile: extensionProfile, extensionData: extensionData)
    }
}
