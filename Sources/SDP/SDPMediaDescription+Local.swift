/// Building our own media sections for offers and answers (RFC 8829 §5.2.1, §5.3.1).
extension SDPMediaDescription {
    /// Our codec for a section: the media format and, for video, its RTX format.
    struct LocalCodec {
        var rtpMap: SDPRTPMap
        var parameters: [SDPFormatParameters.Parameter]
        var feedback: [String]
        var rtxPayloadType: UInt8?
    }

    /// A section carrying our transport, codec and source attributes.
    /// - Parameters:
    ///   - setup: `actpass` in offers, `active`/`passive` in answers.
    ///   - withCandidates: candidates go in the BUNDLE-tag section only (RFC 8843 §7.1.3).
    static func local(kind: SDPMediaKind, mid: String, direction: SDPDirection, codec: LocalCodec,
                      extensionMaps: [SDPExtensionMap], rtcpReducedSize: Bool, setup: SDPSetupRole,
                      withCandidates: Bool, local: SDPLocalParameters) -> SDPMediaDescription {
        let payloadType = codec.rtpMap.payloadType
        var formats = [String(payloadType)]
        if let rtx = codec.rtxPayloadType { formats.append(String(rtx)) }
        var section = SDPMediaDescription(media: kind.rawValue, port: 9, formats: formats)
        section.attributes.append(SDPAttribute("rtcp", "9 IN IP4 0.0.0.0"))
        section.attributes.append(SDPAttribute("ice-ufrag", local.iceUfrag))
        section.attributes.append(SDPAttribute("ice-pwd", local.icePwd))
        if !local.iceOptions.isEmpty {
            section.attributes.append(SDPAttribute("ice-options", local.iceOptions.joined(separator: " ")))
        }
        section.attributes += local.fingerprints.map(\.attribute)
        section.attributes.append(setup.attribute)
        section.attributes.append(SDPAttribute("mid", mid))
        section.attributes += extensionMaps.map(\.attribute)
        section.attributes.append(direction.attribute)
        let trackID = "\(local.streamID)-\(kind.rawValue)"
        if direction.sends {
            section.attributes.append(SDPMediaStreamID(streamID: local.streamID, trackID: trackID).attribute)
        }
        section.attributes.append(SDPAttribute("rtcp-mux"))
        if rtcpReducedSize { section.attributes.append(SDPAttribute("rtcp-rsize")) }
        section.attributes.append(codec.rtpMap.attribute)
        section.attributes += codec.feedback.map { SDPAttribute("rtcp-fb", "\(payloadType) \($0)") }
        if !codec.parameters.isEmpty {
            section.attributes.append(SDPFormatParameters(format: String(payloadType), parameters: codec.parameters).attribute)
        }
        if let rtx = codec.rtxPayloadType {
            section.attributes.append(SDPRTPMap(payloadType: rtx, encodingName: "rtx", clockRate: codec.rtpMap.clockRate).attribute)
            section.attributes.append(SDPFormatParameters(format: String(rtx), parameters: [.init("apt", String(payloadType))]).attribute)
        }
        if direction.sends {
            let ssrc = kind == .video ? local.ssrcs.video : local.ssrcs.audio
            var sources = [ssrc]
            if kind == .video, codec.rtxPayloadType != nil {
                sources.append(local.ssrcs.videoRTX)
                section.attributes.append(SDPSSRCGroup(semantics: "FID", ssrcs: sources).attribute)
            }
            for source in sources {
                section.attributes.append(SDPSSRCAttribute(ssrc: source, name: "cname", value: local.cname).attribute)
                section.attributes.append(SDPSSRCAttribute(ssrc: source, name: "msid", value: "\(local.streamID) \(trackID)").attribute)
            }
        }
        if withCandidates {
            section.attributes += local.candidates.map(\.attribute)
            if local.endOfCandidates { section.attributes.append(SDPAttribute("end-of-candidates")) }
        }
        return section
    }

    /// RFC 3264 §6 / RFC 8843 §7.3.3: a rejected section keeps its media and mid with port 0.
    static func rejected(answering offered: SDPMediaDescription) -> SDPMediaDescription {
        var section = SDPMediaDescription(media: offered.media, port: 0, transportProtocol: offered.transportProtocol,
                                          formats: Array(offered.formats.prefix(1)))
        if let mid = offered.mid { section.attributes.append(SDPAttribute("mid", mid)) }
        return section
    }
}

extension SDPSessionDescription {
    /// The session-level part of our descriptions: `o=`, `s=-`, `t=0 0`, BUNDLE group, ICE lite.
    static func local(_ local: SDPLocalParameters, bundle: [String], media: [SDPMediaDescription]) -> SDPSessionDescription {
        var description = SDPSessionDescription(
            origin: SDPOrigin(sessionID: local.sessionID, sessionVersion: local.sessionVersion), media: media)
        if !bundle.isEmpty { description.attributes.append(SDPGroup(semantics: "BUNDLE", mids: bundle).attribute) }
        description.attributes.append(SDPAttribute("msid-semantic", "WMS *"))
        if local.iceLite { description.attributes.append(SDPAttribute("ice-lite")) }
        return description
    }
}
