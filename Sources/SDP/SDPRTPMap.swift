/// `a=rtpmap:<payload type> <encoding name>/<clock rate>[/<channels>]`,
/// [RFC 8866 §6.6](https://www.rfc-editor.org/rfc/rfc8866#section-6.6).
public struct SDPRTPMap: Equatable, Hashable, Sendable {
    public var payloadType: UInt8
    /// As written (`H264`, `opus`, `OPUS` from OBS); compare case-insensitively.
    public var encodingName: String
    public var clockRate: UInt32
    public var channels: UInt8?

    public init(payloadType: UInt8, encodingName: String, clockRate: UInt32, channels: UInt8? = nil) {
        self.payloadType = payloadType
        self.encodingName = encodingName
        self.clockRate = clockRate
        self.channels = channels
    }

    public init(attributeValue: String?) throws(SDPAttributeFormatError) {
        var fields = try SDPAttributeFields(attributeValue, expected: 2)
        payloadType = try fields.number("payload type", in: 0...127)
        let encoding = try fields.text().split(separator: "/", omittingEmptySubsequences: false)
        guard encoding.count >= 2, encoding.count <= 3, !encoding[0].isEmpty else {
            throw .invalidToken(field: "encoding", text: encoding.joined(separator: "/"))
        }
        encodingName = String(encoding[0])
        clockRate = try SDPAttributeFields.number(encoding[1], name: "clock rate", in: 1...UInt32.max)
        channels = encoding.count == 3 ? try SDPAttributeFields.number(encoding[2], name: "channels", in: 1...UInt8.max) : nil
    }

    public func matches(_ name: String, clockRate: UInt32) -> Bool {
        encodingName.lowercased() == name.lowercased() && self.clockRate == clockRate
    }

    public var attribute: SDPAttribute {
        let channelsText = channels.map { "/\($0)" } ?? ""
        return SDPAttribute("rtpmap", "\(payloadType) \(encodingName)/\(clockRate)\(channelsText)")
    }
}
