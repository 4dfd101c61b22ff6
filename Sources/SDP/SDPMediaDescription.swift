/// One media section: the `m=` line and the lines after it up to the next `m=`, RFC 8866 §5.14.
///
/// `m=` fields are typed; `i=`, `c=`, `b=`, `k=` and unknown line types stay as `SDPLine`s and
/// attributes as `SDPAttribute`s, both in their original order, so a section re-serialises to
/// the same text. Typed views over the attributes live in `SDPMediaDescription+Attributes`.
public struct SDPMediaDescription: Equatable, Hashable, Sendable {
    /// `audio`, `video`, `application`, … (kept as text: new media types appear).
    public var media: String
    /// Port 0 marks a rejected or disabled section (RFC 3264 §6, RFC 8843 `bundle-only`).
    public var port: UInt16
    public var numberOfPorts: UInt16?
    /// `UDP/TLS/RTP/SAVPF` for WebRTC media (RFC 5764 §8), `UDP/DTLS/SCTP` for data channels.
    public var transportProtocol: String
    /// Payload types for RTP, `webrtc-datachannel` for SCTP: kept as text in offer order.
    public var formats: [String]
    /// Non-attribute lines of the section (`i=`, `c=`, `b=`, `k=`, unknown types), in order.
    public var lines: [SDPLine]
    public var attributes: [SDPAttribute]

    public init(media: String, port: UInt16, numberOfPorts: UInt16? = nil,
                transportProtocol: String = "UDP/TLS/RTP/SAVPF", formats: [String],
                lines: [SDPLine] = [.unspecifiedConnection], attributes: [SDPAttribute] = []) {
        self.media = media
        self.port = port
        self.numberOfPorts = numberOfPorts
        self.transportProtocol = transportProtocol
        self.formats = formats
        self.lines = lines
        self.attributes = attributes
    }

    /// Parses the value of an `m=` line; nil when it breaks RFC 8866 §5.14.
    init?(mediaLineValue value: Substring) {
        let fields = value.split(separator: " ", omittingEmptySubsequences: true)
        guard fields.count >= 4 else { return nil }
        let portField = fields[1].split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let port: UInt16 = try? SDPAttributeFields.number(portField[0], name: "port") else { return nil }
        var numberOfPorts: UInt16?
        if portField.count == 2 {
            guard let count: UInt16 = try? SDPAttributeFields.number(portField[1], name: "number of ports") else { return nil }
            numberOfPorts = count
        }
        self.init(media: String(fields[0]), port: port, numberOfPorts: numberOfPorts,
                  transportProtocol: String(fields[2]), formats: fields[3...].map(String.init), lines: [])
    }

    var mediaLineValue: String {
        let portText = numberOfPorts.map { "\(port)/\($0)" } ?? "\(port)"
        return ([media, portText, transportProtocol] + formats).joined(separator: " ")
    }

    /// The section serialised as CRLF-terminated lines.
    func write(into text: inout String) {
        text += "m=\(mediaLineValue)\r\n"
        for line in lines { text += line.text + "\r\n" }
        for attribute in attributes { text += attribute.text + "\r\n" }
    }
}
