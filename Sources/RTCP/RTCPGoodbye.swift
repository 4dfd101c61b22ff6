import RTP

/// Goodbye (BYE, PT 203): the listed sources are leaving, optionally with a reason.
/// A receiver ends the stream at once instead of waiting for a timeout.
/// See https://www.rfc-editor.org/rfc/rfc3550#section-6.6
public struct RTCPGoodbye: RTCPBody, Hashable {
    static let packetType = RTCPHeader.goodbyeType

    public var sources: [UInt32]
    /// UTF-8 reason text, empty for none; kept as bytes so it survives a round trip.
    public var reason: [UInt8]

    public init(sources: [UInt32], reason: [UInt8] = []) {
        self.sources = sources
        self.reason = reason
    }

    public init(sources: [UInt32], reason: String) {
        self.init(sources: sources, reason: Array(reason.utf8))
    }

    public var reasonText: String { String(decoding: reason, as: UTF8.self) }

    public var marshaledSize: Int { packetSize }
    public init(unmarshaling packet: UnsafeRawBufferPointer) throws(RTCPError) { self = try Self.unmarshalPacket(packet) }
    public func marshal(into buffer: UnsafeMutableRawBufferPointer) throws(RTCPError) -> Int { try marshalPacket(into: buffer) }

    var headerCount: UInt8 { UInt8(truncatingIfNeeded: sources.count) }
    var bodySize: Int { 4 * sources.count + (reason.isEmpty ? 0 : (1 + reason.count + 3) & ~3) }

    func validate() throws(RTCPError) {
        guard sources.count <= 31 else { throw .rfc3550CountOutOfRange(sources.count) }
        guard reason.count <= 255 else { throw .rfc3550BYEReasonInvalid }
    }

    func writeBody(into writer: inout NetworkByteWriter) {
        for source in sources { writer.write(source) }
        guard !reason.isEmpty else { return }
        writer.write(UInt8(reason.count))
        writer.write(reason)
        writer.writeZeros((4 - (1 + reason.count) % 4) % 4)
    }

    init(headerCount: UInt8, body: UnsafeRawBufferPointer) throws(RTCPError) {
        var reader = NetworkByteReader(body)
        var sources: [UInt32] = []
        for _ in 0..<headerCount {
            guard let source = reader.readUInt32() else { throw .rfc3550ReportBlocksTruncated(count: Int(headerCount)) }
            sources.append(source)
        }
        var reason: [UInt8] = []
        if let length = reader.readUInt8() {
            guard let text = reader.readBytes(Int(length)) else { throw .rfc3550BYEReasonInvalid }
            reason = text
        }
        self.init(sources: sources, reason: reason)
    }
}
