/// Any one RTCP packet, as found in a compound packet.
public enum RTCPPacket: Equatable, Sendable {
    case senderReport(RTCPSenderReport)
    case receiverReport(RTCPReceiverReport)
    case sourceDescription(RTCPSourceDescription)
    case goodbye(RTCPGoodbye)
    case pictureLossIndication(RTCPPictureLossIndication)
    case fullIntraRequest(RTCPFullIntraRequest)
    case genericNACK(RTCPGenericNACK)
    case receiverEstimatedMaximumBitrate(RTCPReceiverEstimatedMaximumBitrate)
    case transportWideFeedback(RTCPTransportWideFeedback)
    /// APP, XR, and any type or feedback format not listed above, kept as received.
    case raw(RTCPRawPacket)

    /// The packet as the protocol every type shares.
    public var message: any RTCPMessage {
        switch self {
        case .senderReport(let packet): packet
        case .receiverReport(let packet): packet
        case .sourceDescription(let packet): packet
        case .goodbye(let packet): packet
        case .pictureLossIndication(let packet): packet
        case .fullIntraRequest(let packet): packet
        case .genericNACK(let packet): packet
        case .receiverEstimatedMaximumBitrate(let packet): packet
        case .transportWideFeedback(let packet): packet
        case .raw(let packet): packet
        }
    }

    /// Parses one whole packet, choosing the type from PT and FMT.
    public init(unmarshaling packet: UnsafeRawBufferPointer) throws(RTCPError) {
        let parsed = try RTCPHeader.unmarshalSingle(packet)
        let header = parsed.header
        let body = UnsafeRawBufferPointer(rebasing: packet[parsed.body])
        switch (header.packetType, header.count) {
        case (RTCPSenderReport.packetType, _):
            self = .senderReport(try RTCPSenderReport(headerCount: header.count, body: body))
        case (RTCPReceiverReport.packetType, _):
            self = .receiverReport(try RTCPReceiverReport(headerCount: header.count, body: body))
        case (RTCPSourceDescription.packetType, _):
            self = .sourceDescription(try RTCPSourceDescription(headerCount: header.count, body: body))
        case (RTCPGoodbye.packetType, _):
            self = .goodbye(try RTCPGoodbye(headerCount: header.count, body: body))
        case (RTCPPictureLossIndication.packetType, RTCPPictureLossIndication.format):
            self = .pictureLossIndication(try RTCPPictureLossIndication(headerCount: header.count, body: body))
        case (RTCPFullIntraRequest.packetType, RTCPFullIntraRequest.format):
            self = .fullIntraRequest(try RTCPFullIntraRequest(headerCount: header.count, body: body))
        case (RTCPReceiverEstimatedMaximumBitrate.packetType, RTCPReceiverEstimatedMaximumBitrate.format)
            where RTCPReceiverEstimatedMaximumBitrate.isREMB(body: body):
            self = .receiverEstimatedMaximumBitrate(try RTCPReceiverEstimatedMaximumBitrate(headerCount: header.count, body: body))
        case (RTCPGenericNACK.packetType, RTCPGenericNACK.format):
            self = .genericNACK(try RTCPGenericNACK(headerCount: header.count, body: body))
        case (RTCPTransportWideFeedback.packetType, RTCPTransportWideFeedback.format):
            self = .transportWideFeedback(try RTCPTransportWideFeedback(headerCount: header.count, body: body))
        default:
            self = .raw(try RTCPRawPacket(header: header, body: body))
        }
    }

    public init(unmarshaling packet: [UInt8]) throws(RTCPError) {
        self = try packet.withUnsafeBytes { bytes in Result { () throws(RTCPError) in try RTCPPacket(unmarshaling: bytes) } }.get()
    }

    /// The packet type (PT) on the wire.
    public var packetType: UInt8 {
        switch self {
        case .senderReport: RTCPSenderReport.packetType
        case .receiverReport: RTCPReceiverReport.packetType
        case .sourceDescription: RTCPSourceDescription.packetType
        case .goodbye: RTCPGoodbye.packetType
        case .pictureLossIndication, .fullIntraRequest, .receiverEstimatedMaximumBitrate: RTCPHeader.payloadFeedbackType
        case .genericNACK, .transportWideFeedback: RTCPHeader.transportFeedbackType
        case .raw(let packet): packet.packetType
        }
    }
}
