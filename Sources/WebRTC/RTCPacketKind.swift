/// What a datagram arriving on the ICE component carries, told from its first byte.
///
/// STUN, DTLS, SRTP and SRTCP share one 5-tuple in WebRTC. Their first bytes occupy
/// disjoint ranges, so one byte decides where a datagram goes
/// ([RFC 7983 §7](https://www.rfc-editor.org/rfc/rfc7983#section-7)); RTP and RTCP share a
/// range and are told apart by the second byte, where RTCP packet types 192–223 would sit
/// on RTP payload types 64–95, which RTP never uses for that reason
/// ([RFC 5761 §4](https://www.rfc-editor.org/rfc/rfc5761#section-4)).
public enum RTCPacketKind: Sendable, Hashable, CaseIterable {
    /// 0–3: STUN (ICE connectivity checks and consent), for the ICE agent.
    case stun
    /// 16–19: ZRTP; WebRTC does not use it.
    case zrtp
    /// 20–63: a DTLS record, for the DTLS transport.
    case dtls
    /// 64–79: a TURN ChannelData message (RFC 8656 §12.5); only a TURN client sees these.
    case turnChannel
    /// 128–191 with a second byte outside 192–223: SRTP.
    case rtp
    /// 128–191 with a second byte in 192–223: SRTCP.
    case rtcp
    /// Empty, a reserved range, or 128–191 without a second byte: nothing may accept it, and
    /// the caller counts it as dropped.
    case unrecognized

    /// Classifies a datagram; never reads past its end.
    public init(classifying datagram: some Collection<UInt8>) {
        guard let first = datagram.first else {
            self = .unrecognized
            return
        }
        switch first {
        case 0...3: self = .stun
        case 16...19: self = .zrtp
        case 20...63: self = .dtls
        case 64...79: self = .turnChannel
        case 128...191:
            guard let second = datagram.dropFirst().first else {
                self = .unrecognized
                return
            }
            self = (192...223).contains(second) ? .rtcp : .rtp
        default: self = .unrecognized
        }
    }
}
