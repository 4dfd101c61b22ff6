/// Answers a remote offer (RFC 3264 §6, RFC 8829 §5.3): picks H264 and Opus, keeps the offer's
/// mids and BUNDLE order, narrows directions to what we want, chooses our DTLS role.
///
/// A pure function of the offer and `SDPLocalParameters`; an offer we cannot serve comes back
/// as an `SDPNegotiationError` naming what is missing.
public enum SDPAnswerer {
    /// Our answer text and what the session will run with.
    public struct Answer: Equatable, Sendable {
        public var description: SDPSessionDescription
        public var session: SDPNegotiatedSession
    }

    public static func answer(_ offer: SDPSessionDescription, local: SDPLocalParameters)
        throws(SDPNegotiationError) -> Answer {
        let bundle = offer.bundleGroup?.mids ?? []
        var accepted: [(index: Int, media: SDPNegotiatedMedia, choice: SDPCodecChoice)] = []
        // Why the first section of each medium could not be used: reported if no later section
        // of that medium can be, and the medium is required.
        var failures: [SDPMediaKind: SDPNegotiationError] = [:]
        for (index, section) in offer.media.enumerated() {
            guard let mid = section.mid else { throw .missingMid(sectionIndex: index) }
            guard !section.isRejected, let kind = section.kind, local.requirement(kind) != .refused,
                  !accepted.contains(where: { $0.media.kind == kind }) else { continue }
            let remote = section.explicitDirection ?? offer.explicitDirection ?? .sendrecv
            let ours = remote.reversed.intersection(local.direction(for: kind))
            let choice: SDPCodecChoice
            do throws(SDPNegotiationError) {
                guard section.usesDTLSSRTP else {
                    throw .noBundleableTransport(.unsupportedProtocol(mid: mid, transportProtocol: section.transportProtocol))
                }
                choice = try SDPCodecChoice.choose(kind, in: section, mid: mid)
                guard section.hasRTCPMux else { throw .noBundleableTransport(.missingRTCPMux(mid: mid)) }
                guard ours != .inactive || remote == .inactive else { throw .mediaDirection(mid: mid, remote: remote) }
            } catch {
                if failures[kind] == nil { failures[kind] = error }
                continue
            }
            let media = SDPNegotiatedMedia(
                kind: kind, mid: mid, direction: ours, choice: choice, rtx: choice.rtx, remote: section,
                extensionMaps: section.sharedExtensionMaps(local.extensions(kind)),
                rtcpReducedSize: section.hasRTCPReducedSize, local: local)
            accepted.append((index, media, choice))
        }
        for (kind, failure) in failures.sorted(by: { $0.key == .video && $1.key != .video })
        where local.requirement(kind) == .required && !accepted.contains(where: { $0.media.kind == kind }) {
            throw failure
        }
        let tagMid = try SDPNegotiatedSession.transportTag(for: accepted.map(\.media), bundle: bundle, local: local)
        let bundleMids = bundle.filter { mid in accepted.contains { $0.media.mid == mid } }
        guard let tagSection = offer.section(mid: tagMid) else { throw .missingMid(sectionIndex: 0) }
        let transport = try SDPRemoteTransport(description: offer, tag: tagSection)
        let setup: SDPSetupRole
        switch transport.setupRole {
        case .actpass?, .passive?: setup = .active  // RFC 8842 §5.3: answerer SHOULD take active
        case .active?, nil: setup = .passive        // RFC 4145 §4: no attribute means active
        case .holdconn?: throw .unsupportedSetupRole(.holdconn)
        }

        var sections: [SDPMediaDescription] = []
        for (index, offered) in offer.media.enumerated() {
            guard let entry = accepted.first(where: { $0.index == index }) else {
                sections.append(.rejected(answering: offered))
                continue
            }
            sections.append(.local(kind: entry.media.kind, mid: entry.media.mid, direction: entry.media.direction,
                                   codec: localCodec(for: entry.choice, media: entry.media),
                                   extensionMaps: entry.media.extensionMaps, rtcpReducedSize: entry.media.rtcpReducedSize,
                                   setup: setup, withCandidates: entry.media.mid == tagMid, local: local))
        }
        let session = SDPNegotiatedSession(
            media: accepted.map(\.media), bundleMids: bundleMids.isEmpty ? [tagMid] : bundleMids,
            remoteICE: transport.ice, remoteFingerprints: transport.fingerprints, localSetupRole: setup)
        return Answer(description: .local(local, bundle: bundleMids, media: sections), session: session)
    }

    /// Our answer's codec lines: H264 with the remote's profile-level-id (RFC 6184 §8.2.2: the
    /// answer keeps the offered profile), Opus with `minptime=10;useinbandfec=1`.
    static func localCodec(for choice: SDPCodecChoice, media: SDPNegotiatedMedia) -> SDPMediaDescription.LocalCodec {
        let offeredMap = choice.codec.rtpMap
        var parameters: [SDPFormatParameters.Parameter] = []
        switch media.kind {
        case .video:
            if choice.codec.parameter("level-asymmetry-allowed") == "1" {
                parameters.append(.init("level-asymmetry-allowed", "1"))
            }
            parameters.append(.init("packetization-mode", "1"))
            if let profile = choice.profileLevelID { parameters.append(.init("profile-level-id", profile.description)) }
        case .audio:
            parameters = [.init("minptime", "10"), .init("useinbandfec", "1")]
        }
        let rtpMap = SDPRTPMap(payloadType: media.payloadType, encodingName: offeredMap?.encodingName ?? "H264",
                               clockRate: media.clockRate, channels: offeredMap?.channels)
        return .init(rtpMap: rtpMap, parameters: parameters, feedback: media.rtcpFeedback,
                     rtxPayloadType: media.rtxPayloadType)
    }
}
