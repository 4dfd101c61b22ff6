/// An RTP data packet: header, payload and optional padding.
///
/// Parsing copies the payload out so the packet can outlive the receive buffer; senders on
/// the hot path marshal with `marshal(into:)` / `marshal(appendingTo:)` into a buffer they
/// keep, and receivers that only need to peek use `RTPHeader.unmarshal(packet:)`.
/// See https://www.rfc-editor.org/rfc/rfc3550#section-5.1
public struct RTPPacket: Equatable, Hashable, Sendable {
    public var header: RTPHeader
    public var payload: [UInt8]
    /// Bytes of RFC 3550 padding after the payload (0 for none, at most 255).
    public var paddingSize: Int

    public init(header: RTPHeader, payload: [UInt8], paddingSize: Int = 0) {
        self.header = header
        self.payload = payload
        self.paddingSize = paddingSize
    }

    /// Parses one RTP packet (a whole datagram after SRTP unprotect).
    public init(unmarshaling bytes: UnsafeRawBufferPointer) throws(RTPPacketError) {
        let layout = try RTPHeader.unmarshal(packet: bytes)
        self.init(header: layout.header, payload: Array(bytes[layout.payload]), paddingSize: layout.paddingSize)
    }

    public init(unmarshaling bytes: [UInt8]) throws(RTPPacketError) {
        let result = bytes.withUnsafeBytes { buffer in Result { () throws(RTPPacketError) in try RTPPacket(unmarshaling: buffer) } }
        self = try result.get()
    }

    public var marshaledSize: Int { header.marshaledSize + payload.count + paddingSize }

    /// Marshals into `buffer` and returns the number of bytes written.
    public func marshal(into buffer: UnsafeMutableRawBufferPointer) throws(RTPPacketError) -> Int {
        try validate()
        let size = marshaledSize
        guard buffer.count >= size else { throw .bufferTooSmall(needed: size, available: buffer.count) }
        var writer = NetworkByteWriter(buffer)
        write(into: &writer)
        return size
    }

    /// Appends the marshaled packet to `bytes` and returns its size; a caller that keeps the
    /// array and empties it with `removeAll(keepingCapacity: true)` does not allocate.
    @discardableResult
    public func marshal(appendingTo bytes: inout [UInt8]) throws(RTPPacketError) -> Int {
        try validate()
        let size = marshaledSize
        bytes.appendMarshaled(count: size) { writer in write(into: &writer) }
        return size
    }

    /// The marshaled packet in a new array.
    public func marshaled() throws(RTPPacketError) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(marshaledSize)
        try marshal(appendingTo: &bytes)
        return bytes
    }

    private func validate() throws(RTPPacketError) {
        try header.validate()
        guard (0...255).contains(paddingSize) else { throw .rfc3550PaddingSizeOutOfRange(paddingSize) }
    }

    private func write(into writer: inout NetworkByteWriter) {
        header.write(into: &writer, padding: paddingSize > 0)
        writer.write(payload)
        if paddingSize > 0 {
            writer.writeZeros(paddingSize - 1)
            writer.write(UInt8(paddingSize))
        }
    }
}
