import RTP
import SDP

/// Decides which transceiver (mid) an incoming RTP or RTCP packet belongs to, following
/// [RFC 8843 §9.2](https://www.rfc-editor.org/rfc/rfc8843#section-9.2): a known SSRC first
/// (from `a=ssrc` or learned), then the mid header extension, then a payload type unique to
/// one section. What the last two identify is remembered by SSRC, so the expensive paths run
/// once per stream. Never allocates on the hot path once streams are learned.
public struct RTPReceiveRouter: Sendable {
    struct Section: Sendable {
        var mid: String
        var midBytes: [UInt8]
        var payloadTypes: [UInt8]
        var localSSRCs: [UInt32]
    }

    private var sections: [Section] = []
    /// SSRC → index into `sections`; a short array beats a dictionary for a handful of streams.
    private var remoteSSRCs: [(ssrc: UInt32, section: Int)] = []
    private var midExtensionID: UInt8?
    /// Learned SSRCs beyond this are not remembered (still routed each time).
    static let learnedLimit = 64

    public init() {}

    /// Configures the router from a negotiated session.
    public init(session: SDPNegotiatedSession) {
        for media in session.media {
            let index = sections.count
            sections.append(Section(mid: media.mid, midBytes: Array(media.mid.utf8),
                                    payloadTypes: [media.payloadType] + (media.rtxPayloadType.map { [$0] } ?? []),
                                    localSSRCs: [media.localSSRC, media.localRTXSSRC].compactMap { $0 }))
            for ssrc in media.remoteSSRCs + (media.remoteRTXSSRC.map { [$0] } ?? []) {
                remoteSSRCs.append((ssrc, index))
            }
            if midExtensionID == nil { midExtensionID = media.extensionID(SDPLocalParameters.midExtension) }
        }
    }

    /// The mid of a decrypted RTP packet, or nil.
    public mutating func route(rtp packet: UnsafeRawBufferPointer) -> String? {
        guard packet.count >= 12 else { return nil }
        let ssrc = Self.readUInt32(packet, at: 8)
        if let known = remoteSSRCs.first(where: { $0.ssrc == ssrc }) { return sections[known.section].mid }
        guard let section = sectionByMidExtension(packet) ?? sectionByPayloadType(packet[1] & 0x7F) else { return nil }
        if remoteSSRCs.count < Self.learnedLimit { remoteSSRCs.append((ssrc, section)) }
        return sections[section].mid
    }

    /// The mid of a decrypted RTCP compound packet: by the first packet's sender SSRC when it
    /// is a known remote stream, else by the media SSRC it reports on when that is one of ours
    /// (RR report blocks, RFC 4585 feedback), else nil.
    public func route(rtcp packet: UnsafeRawBufferPointer) -> String? {
        guard packet.count >= 8 else { return nil }
        let sender = Self.readUInt32(packet, at: 4)
        if let known = remoteSSRCs.first(where: { $0.ssrc == sender }) { return sections[known.section].mid }
        let reportCount = packet[0] & 0x1F
        let offset: Int
        switch packet[1] {
        case 200 where reportCount > 0: offset = 28  // SR: first report block after the sender info
        case 201 where reportCount > 0: offset = 8   // RR: first report block
        case 205, 206: offset = 8                    // RTPFB / PSFB: media source SSRC
        default: return nil
        }
        guard packet.count >= offset + 4 else { return nil }
        let media = Self.readUInt32(packet, at: offset)
        return sections.first { $0.localSSRCs.contains(media) }?.mid
    }

    private func sectionByMidExtension(_ packet: UnsafeRawBufferPointer) -> Int? {
        guard let id = midExtensionID, packet[0] & 0x10 != 0,
              let layout = try? RTPHeader.unmarshal(packet: packet, parsingExtensions: false),
              let value = layout.extensionValue(id: id, in: packet) else { return nil }
        return sections.firstIndex { $0.midBytes.elementsEqual(value) }
    }

    private func sectionByPayloadType(_ payloadType: UInt8) -> Int? {
        // The one section using this payload type, if exactly one does (no allocation: per packet).
        guard let first = sections.firstIndex(where: { $0.payloadTypes.contains(payloadType) }),
              sections.lastIndex(where: { $0.payloadTypes.contains(payloadType) }) == first else { return nil }
        return first
    }

    static func readUInt32(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> UInt32 {
        UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
    }
}
