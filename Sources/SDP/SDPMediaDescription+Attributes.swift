extension SDPMediaDescription: SDPAttributeList {
    /// RFC 8843 §9.2 / RFC 5888 §4: the section's identification tag.
    public var mid: String? { value("mid")?.trimmingSpaces }
    /// RFC 3264 §6: port 0 rejects a section — unless `bundle-only` asks for a shared transport.
    public var isRejected: Bool { port == 0 && !isBundleOnly }
    /// RFC 8843 §6: a section that only exists inside a BUNDLE group.
    public var isBundleOnly: Bool { hasAttribute("bundle-only") }
    /// RFC 5761 §5.1.1: RTP and RTCP share one transport.
    public var hasRTCPMux: Bool { hasAttribute("rtcp-mux") }
    /// RFC 5506 §5: reduced-size RTCP.
    public var hasRTCPReducedSize: Bool { hasAttribute("rtcp-rsize") }
    /// The section's direction; RFC 8866 §6.7: `sendrecv` when none is written.
    public var direction: SDPDirection { explicitDirection ?? .sendrecv }

    public var rtpMaps: [SDPRTPMap] { typed("rtpmap", SDPRTPMap.init(attributeValue:)) }
    public var formatParameters: [SDPFormatParameters] { typed("fmtp", SDPFormatParameters.init(attributeValue:)) }
    public var rtcpFeedback: [SDPRTCPFeedback] { typed("rtcp-fb", SDPRTCPFeedback.init(attributeValue:)) }
    public var ssrcAttributes: [SDPSSRCAttribute] { typed("ssrc", SDPSSRCAttribute.init(attributeValue:)) }
    public var ssrcGroups: [SDPSSRCGroup] { typed("ssrc-group", SDPSSRCGroup.init(attributeValue:)) }
    public var mediaStreamIDs: [SDPMediaStreamID] { typed("msid", SDPMediaStreamID.init(attributeValue:)) }

    /// The SSRCs announced by `a=ssrc` lines, each once, in order of first appearance.
    public var ssrcs: [UInt32] {
        var seen: Set<UInt32> = []
        return ssrcAttributes.compactMap { seen.insert($0.ssrc).inserted ? $0.ssrc : nil }
    }

    /// Every RTP format of the `m=` line with its rtpmap, fmtp and feedback, in offer order.
    /// Formats without an `a=rtpmap` (static payload types such as PCMU 0) have `rtpMap` nil;
    /// formats that are not RTP payload types (`webrtc-datachannel`) are not codecs.
    public var codecs: [SDPCodec] {
        let maps = rtpMaps
        let parameters = formatParameters
        let feedback = rtcpFeedback
        return formats.compactMap { format in
            guard let payloadType: UInt8 = try? SDPAttributeFields.number(format, name: "fmt", in: 0...127) else { return nil }
            return SDPCodec(
                payloadType: payloadType,
                rtpMap: maps.first { $0.payloadType == payloadType },
                parameters: parameters.first { $0.format == format },
                feedback: feedback.filter { $0.format == format || $0.format == "*" })
        }
    }
}
