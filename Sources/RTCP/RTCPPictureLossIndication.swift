import RTP

/// Picture Loss Indication (PSFB, FMT 1): the receiver lost picture data and asks the
/// sender for a keyframe. No FCI.
/// See https://www.rfc-editor.org/rfc/rfc4585#section-6.3.1
public struct RTCPPictureLossIndication: RTCPBody, Hashable {
    static let packetType = RTCPHeader.payloadFeedbackType
    static let format: UInt8 = 1

    public var senderSSRC: UInt32
    public var mediaSSRC: UInt32

    public init(senderSSRC: UInt32, mediaSSRC: UInt32) {
        self.senderSSRC = senderSSRC
        self.mediaSSRC = mediaSSRC
    }

    public var marshaledSize: Int { packetSize }
    public init(unmarshaling packet: UnsafeRawBufferPointer) throws(RTCPError) {
        self = try Self.unmarshalPacket(packet, format: Self.format)
    }
    public func marshal(into buffer: UnsafeMutableRawBufferPointer) throws(RTCPError) -> Int { try marshalPacket(into: buffer) }

    var headerCount: UInt8 { Self.format }
    var bodySize: Int { RTCPFeedbackSources.size }
    func validate() throws(RTCPError) {}

    func writeBody(into writer: inout NetworkByteWriter) {
        RTCPFeedbackSources.write(sender: senderSSRC, media: mediaSSRC, into: &writer)
    }

    init(headerCount: UInt8, body: UnsafeRawBufferPointer) throws(RTCPError) {
        var reader = NetworkByteReader(body)
        let sources = try RTCPFeedbackSources.read(&reader)
        self.init(senderSSRC: sources.sender, mediaSSRC: sources.media)
    }
}
