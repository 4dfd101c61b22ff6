/// Makes our offer (the camera offering `sendonly` H264 + Opus, or a viewer offering
/// `recvonly`) and checks the remote answer against it (RFC 3264 §5, §6; RFC 8829 §5.2, §5.10).
public enum SDPOfferer {
    /// Payload types we offer: the numbers browsers use, so logs read familiar.
    public static let h264PayloadType: UInt8 = 102
    public static let h264RTXPayloadType: UInt8 = 103
    public static let opusPayloadType: UInt8 = 111

    /// Our offer: one BUNDLEd section per medium not refused (video mid `0`, audio mid `1`),
    /// rtcp-mux, `setup:actpass` (RFC 5763 §5), H264 Constrained Baseline 3.1 packetization-mode 1
    /// with RTX, Opus 48000/2.
    public static func offer(_ local: SDPLocalParameters) -> SDPSessionDescription {
        var sections: [SDPMediaDescription] = []
        // RFC 8843 §9.2: within a BUNDLE group an id names one extension in every section.
        var extensionIDs: [String] = []
        for kind in [SDPMediaKind.video, .audio] where local.requirement(kind) != .refused {
            for uri in local.extensions(kind) where !extensionIDs.contains(uri) { extensionIDs.append(uri) }
        }
        for (kind, mid) in [(SDPMediaKind.video, "0"), (.audio, "1")] where local.requirement(kind) != .refused {
            let extensionMaps = local.extensions(kind).compactMap { uri in
                extensionIDs.firstIndex(of: uri).map { SDPExtensionMap(id: UInt8(truncatingIfNeeded: $0 + 1), uri: uri) }
            }
            sections.append(.local(kind: kind, mid: mid, direction: local.direction(for: kind), codec: offeredCodec(kind, local),
                                   extensionMaps: extensionMaps, rtcpReducedSize: true, setup: .actpass,
                                   withCandidates: sections.isEmpty, local: local))
        }
        return .local(local, bundle: sections.compactMap(\.mid), media: sections)
    }

    static func offeredCodec(_ kind: SDPMediaKind, _ local: SDPLocalParameters) -> SDPMediaDescription.LocalCodec {
        switch kind {
        case .video:
            return .init(rtpMap: SDPRTPMap(payloadType: h264PayloadType, encodingName: "H264", clockRate: 90_000),
                         parameters: [.init("level-asymmetry-allowed", "1"), .init("packetization-mode", "1"),
                                      .init("profile-level-id", SDPH264ProfileLevelID.constrainedBaseline31.description)],
                         feedback: local.videoFeedback, rtxPayloadType: h264RTXPayloadType)
        case .audio:
            return .init(rtpMap: SDPRTPMap(payloadType: opusPayloadType, encodingName: "opus", clockRate: 48_000, channels: 2),
                         parameters: [.init("minptime", "10"), .init("useinbandfec", "1")],
                         feedback: local.audioFeedback, rtxPayloadType: nil)
        }
    }

    /// Validates a remote answer to `offer` and returns the session it sets up.
    ///
    /// Checked: same sections in the same order with the same mids, a chosen codec we offered
    /// (same payload type and encoding), a direction that narrows ours, ICE credentials and a
    /// fingerprint, `setup` active or passive (absent means active, RFC 4145 §4), and one BUNDLE
    /// group covering every accepted section.
    public static func accept(answer: SDPSessionDescription, to offer: SDPSessionDescription,
                              local: SDPLocalParameters) throws(SDPNegotiationError) -> SDPNegotiatedSession {
        guard answer.media.count == offer.media.count else {
            throw .answerDoesNotMatchOffer(sectionIndex: min(answer.media.count, offer.media.count))
        }
        var accepted: [SDPNegotiatedMedia] = []
        for (index, (offered, answered)) in zip(offer.media, answer.media).enumerated() {
            guard let mid = offered.mid else { throw .missingMid(sectionIndex: index) }
            guard answered.mid == mid, answered.media == offered.media else {
                throw .answerDoesNotMatchOffer(sectionIndex: index)
            }
            guard !answered.isRejected, let kind = offered.kind else { continue }
            let choice = try SDPCodecChoice.choose(kind, in: answered, mid: mid)
            guard let ours = offered.codecs.first(where: { $0.payloadType == choice.payloadType }),
                  let ourMap = ours.rtpMap, let theirMap = choice.codec.rtpMap,
                  ourMap.matches(theirMap.encodingName, clockRate: theirMap.clockRate) else {
                throw .answerCodecNotOffered(mid: mid, payloadType: choice.payloadType)
            }
            let remote = answered.explicitDirection ?? answer.explicitDirection ?? .sendrecv
            let direction = remote.reversed.intersection(offered.direction)
            guard remote.reversed == direction, direction != .inactive || offered.direction == .inactive else {
                throw .mediaDirection(mid: mid, remote: remote)
            }
            guard answered.hasRTCPMux else { throw .noBundleableTransport(.missingRTCPMux(mid: mid)) }
            let rtx = choice.rtx.flatMap { rtx in
                SDPCodecChoice.rtx(for: ours, in: offered.codecs)?.payloadType == rtx.payloadType ? rtx : nil
            }
            let extensionMaps = answered.extensionMaps.filter { map in
                offered.extensionMaps.contains { $0.id == map.id && $0.uri == map.uri }
            }
            accepted.append(SDPNegotiatedMedia(
                kind: kind, mid: mid, direction: direction, choice: choice, rtx: rtx, remote: answered,
                extensionMaps: extensionMaps, rtcpReducedSize: answered.hasRTCPReducedSize && offered.hasRTCPReducedSize,
                local: local))
        }
        let bundle = answer.bundleGroup?.mids ?? []
        let tagMid = try SDPNegotiatedSession.transportTag(for: accepted, bundle: bundle, local: local)
        guard let tag = answer.section(mid: tagMid) else { throw .noBundleableTransport(.sectionOutsideBundle(mid: tagMid)) }
        let transport = try SDPRemoteTransport(description: answer, tag: tag)
        let role: SDPSetupRole
        switch transport.setupRole {
        case .active?, nil: role = .passive
        case .passive?: role = .active
        case let other?: throw .unsupportedSetupRole(other)
        }
        let bundleMids = bundle.filter { mid in accepted.contains { $0.mid == mid } }
        return SDPNegotiatedSession(media: accepted, bundleMids: bundleMids.isEmpty ? [tagMid] : bundleMids,
                                    remoteICE: transport.ice, remoteFingerprints: transport.fingerprints,
                                    localSetupRole: role)
    }
}
