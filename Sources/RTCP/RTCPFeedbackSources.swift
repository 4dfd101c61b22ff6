import RTP

/// The two SSRCs that open every RFC 4585 feedback message: who sends the feedback and
/// which media source it is about.
/// See https://www.rfc-editor.org/rfc/rfc4585#section-6.1
struct RTCPFeedbackSources {
    static let size = 8

    static func read(_ reader: inout NetworkByteReader) throws(RTCPError) -> (sender: UInt32, media: UInt32) {
        guard let sender = reader.readUInt32(), let media = reader.readUInt32() else { throw .rfc4585FeedbackTruncated }
        return (sender, media)
    }

    static func write(sender: UInt32, media: UInt32, into writer: inout NetworkByteWriter) {
        writer.write(sender)
        writer.write(media)
    }
}
