/// The codec picked from a remote section, before it becomes an `SDPNegotiatedMedia`.
struct SDPCodecChoice: Equatable {
    var codec: SDPCodec
    var rtx: SDPCodec?
    var profileLevelID: SDPH264ProfileLevelID?

    var payloadType: UInt8 { codec.payloadType }
    var clockRate: UInt32 { codec.rtpMap?.clockRate ?? 90_000 }

    /// RFC 6184 §8.1: without `profile-level-id` the profile is Baseline level 1.0 (`420010`).
    static let defaultProfileLevelID = SDPH264ProfileLevelID(profileIDC: 0x42, profileIOP: 0x00, levelIDC: 0x0A)

    /// Picks H264 with packetization-mode 1 whose profile decodes Constrained Baseline, best
    /// profile first (see `SDPH264ProfileLevelID.decodesConstrainedBaseline`), the remote's
    /// order breaking ties, with its RTX payload type when one is offered.
    static func h264(in section: SDPMediaDescription, mid: String) throws(SDPNegotiationError) -> SDPCodecChoice {
        let codecs = section.codecs
        let h264 = codecs.filter { $0.isEncoding("H264", clockRate: 90_000) }
        guard !h264.isEmpty else { throw .noH264(mid: mid) }
        let fragmenting = h264.filter { $0.parameter("packetization-mode") == "1" }
        guard !fragmenting.isEmpty else { throw .noH264PacketizationMode1(mid: mid) }
        let candidates = fragmenting.compactMap { codec -> (SDPCodec, SDPH264ProfileLevelID)? in
            guard let text = codec.parameter("profile-level-id") else { return (codec, defaultProfileLevelID) }
            return SDPH264ProfileLevelID(text).map { (codec, $0) }
        }.filter { $0.1.decodesConstrainedBaseline }
        guard let best = candidates.enumerated().min(by: { lhs, rhs in
            (lhs.element.1.profile, lhs.offset) < (rhs.element.1.profile, rhs.offset)
        })?.element else {
            throw .noCompatibleH264Profile(mid: mid, offered: fragmenting.map { $0.parameter("profile-level-id") ?? "" })
        }
        return SDPCodecChoice(codec: best.0, rtx: rtx(for: best.0, in: codecs), profileLevelID: best.1)
    }

    /// Picks Opus at 48000/2, the only form RFC 7587 §7 allows in SDP.
    static func opus(in section: SDPMediaDescription, mid: String) throws(SDPNegotiationError) -> SDPCodecChoice {
        guard let codec = section.codecs.first(where: { $0.isEncoding("opus", clockRate: 48_000) && $0.rtpMap?.channels == 2 })
        else { throw .noOpus(mid: mid) }
        return SDPCodecChoice(codec: codec, rtx: nil, profileLevelID: nil)
    }

    static func choose(_ kind: SDPMediaKind, in section: SDPMediaDescription, mid: String)
        throws(SDPNegotiationError) -> SDPCodecChoice {
        switch kind {
        case .video: try h264(in: section, mid: mid)
        case .audio: try opus(in: section, mid: mid)
        }
    }

    /// RFC 4588 §8.1: the `rtx/90000` format whose `apt` names the media payload type.
    static func rtx(for codec: SDPCodec, in codecs: [SDPCodec]) -> SDPCodec? {
        codecs.first { $0.isEncoding("rtx", clockRate: codec.rtpMap?.clockRate ?? 90_000)
            && $0.parameter("apt") == String(codec.payloadType) }
    }

    /// Feedback offered for the codec that we also support, each once, in our order.
    func sharedFeedback(_ supported: [String]) -> [String] {
        let offered = Set(codec.feedback.map(\.kind))
        return supported.filter { offered.contains($0) }
    }
}

extension SDPMediaDescription {
    /// Header extensions offered here that we support, ids kept, directions seen from our side.
    func sharedExtensionMaps(_ supported: [String]) -> [SDPExtensionMap] {
        var seen: Set<String> = []
        return extensionMaps.compactMap { map in
            guard supported.contains(map.uri), seen.insert(map.uri).inserted else { return nil }
            return SDPExtensionMap(id: map.id, direction: map.direction?.reversed, uri: map.uri)
        }
    }

    /// `audio`/`video` sections PeerCam can serve, nil for data channels and other media.
    var kind: SDPMediaKind? { SDPMediaKind(rawValue: media) }

    /// RFC 5764 §8 / RFC 7850: DTLS-SRTP with RTCP feedback, over UDP or ICE-TCP.
    var usesDTLSSRTP: Bool {
        ["UDP/TLS/RTP/SAVPF", "TCP/DTLS/RTP/SAVPF", "UDP/TLS/RTP/SAVP"].contains(transportProtocol.uppercased())
    }

    /// The remote SSRCs of the section; with an FID group, the media SSRC then its RTX SSRC.
    var remoteSSRCPlan: (all: [UInt32], rtx: UInt32?) {
        let fid = ssrcGroups.first { $0.semantics == "FID" && $0.ssrcs.count >= 2 }
        return (ssrcs, fid?.ssrcs[1])
    }
}
