/// `a=msid:<stream id> [<track id>]`, which MediaStream a section's track belongs to,
/// [RFC 8830 §2](https://www.rfc-editor.org/rfc/rfc8830#section-2).
public struct SDPMediaStreamID: Equatable, Hashable, Sendable {
    public var streamID: String
    public var trackID: String?

    public init(streamID: String, trackID: String? = nil) {
        self.streamID = streamID
        self.trackID = trackID
    }

    public init(attributeValue: String?) throws(SDPAttributeFormatError) {
        var fields = try SDPAttributeFields(attributeValue, expected: 1)
        streamID = try fields.text()
        trackID = fields.isEmpty ? nil : fields.rest
    }

    public var attribute: SDPAttribute {
        SDPAttribute("msid", trackID.map { "\(streamID) \($0)" } ?? streamID)
    }
}
