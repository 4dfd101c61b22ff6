extension SDPNegotiatedMedia {
    /// The medium as agreed: the codec picked from the remote section, the remote's SSRCs when
    /// we receive, ours when we send.
    init(kind: SDPMediaKind, mid: String, direction: SDPDirection, choice: SDPCodecChoice, rtx: SDPCodec?,
         remote section: SDPMediaDescription, extensionMaps: [SDPExtensionMap], rtcpReducedSize: Bool,
         local: SDPLocalParameters) {
        let ssrcPlan = section.remoteSSRCPlan
        let sendsVideoRTX = direction.sends && kind == .video && rtx != nil
        self.init(
            kind: kind, mid: mid, direction: direction, payloadType: choice.payloadType, clockRate: choice.clockRate,
            rtxPayloadType: rtx?.payloadType, h264ProfileLevelID: choice.profileLevelID,
            remoteParameters: choice.codec.parameters, rtcpFeedback: choice.sharedFeedback(local.feedback(kind)),
            extensionMaps: extensionMaps,
            remoteSSRCs: direction.receives ? ssrcPlan.all : [], remoteRTXSSRC: direction.receives ? ssrcPlan.rtx : nil,
            localSSRC: direction.sends ? (kind == .video ? local.ssrcs.video : local.ssrcs.audio) : nil,
            localRTXSSRC: sendsVideoRTX ? local.ssrcs.videoRTX : nil, rtcpReducedSize: rtcpReducedSize)
    }
}

extension SDPNegotiatedSession {
    /// Checks that the accepted media cover what we require and can share one transport, and
    /// returns the mid whose transport parameters count (the BUNDLE tag, RFC 8843 §7).
    static func transportTag(for media: [SDPNegotiatedMedia], bundle: [String], local: SDPLocalParameters)
        throws(SDPNegotiationError) -> String {
        for kind in [SDPMediaKind.video, .audio] where local.requirement(kind) == .required {
            guard media.contains(where: { $0.kind == kind }) else { throw .missingMedia(kind) }
        }
        guard let first = media.first else { throw .missingMedia(local.video != .refused ? .video : .audio) }
        if media.count > 1 {
            guard !bundle.isEmpty else { throw .noBundleableTransport(.noBundleGroup) }
            if let outside = media.first(where: { !bundle.contains($0.mid) }) {
                throw .noBundleableTransport(.sectionOutsideBundle(mid: outside.mid))
            }
        }
        let mids = media.map(\.mid)
        return bundle.first { mids.contains($0) } ?? first.mid
    }
}
