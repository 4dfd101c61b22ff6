extension SDPAttribute {
    /// Checks the value of attributes this module interprets against their grammar, so typed
    /// views over a parsed description never meet a malformed value. Unknown attributes pass.
    func validate() throws(SDPAttributeFormatError) {
        switch name {
        case "candidate": _ = try SDPCandidate(attributeValue: value)
        case "fingerprint": _ = try SDPFingerprint(attributeValue: value)
        case "rtpmap": _ = try SDPRTPMap(attributeValue: value)
        case "fmtp": _ = try SDPFormatParameters(attributeValue: value)
        case "rtcp-fb": _ = try SDPRTCPFeedback(attributeValue: value)
        case "extmap": _ = try SDPExtensionMap(attributeValue: value)
        case "ssrc": _ = try SDPSSRCAttribute(attributeValue: value)
        case "ssrc-group": _ = try SDPSSRCGroup(attributeValue: value)
        case "group": _ = try SDPGroup(attributeValue: value)
        case "msid": _ = try SDPMediaStreamID(attributeValue: value)
        case "setup":
            guard let value, !value.isEmpty else { throw .missingValue }
            guard SDPSetupRole(rawValue: value.trimmingSpaces.lowercased()) != nil else {
                throw .invalidToken(field: "setup", text: value)
            }
        case "mid", "ice-ufrag", "ice-pwd":
            guard let value, !value.trimmingSpaces.isEmpty else { throw .missingValue }
        default:
            break
        }
    }
}
