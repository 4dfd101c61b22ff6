import RTP

/// What SDP negotiated for one incoming RTP stream: the values the receive path needs to
/// pick its packets out of the bundle and to read RTX retransmissions.
///
/// The network side (PeerConnection) fills this from the answer; the pipeline never
/// parses SDP itself.
public struct ReceiverStreamParameters: Sendable, Equatable {
    /// RTX (RFC 4588) as negotiated with `a=rtpmap:<pt> rtx/<clock>` + `a=fmtp:<pt> apt=<media pt>`.
    public struct Retransmission: Sendable, Equatable {
        public var payloadType: UInt8
        /// From `a=ssrc-group:FID`; `nil` accepts RTX packets on any SSRC with `payloadType`.
        public var ssrc: UInt32?

        public init(payloadType: UInt8, ssrc: UInt32? = nil) {
            self.payloadType = payloadType
            self.ssrc = ssrc
        }
    }

    public var payloadType: UInt8
    /// RTP clock: 90 000 for H264 (RFC 6184 §8.2.1), 48 000 for Opus (RFC 7587 §4.1).
    public var clockRate: Int
    /// The media SSRC from `a=ssrc`; `nil` locks onto the first SSRC seen with `payloadType`
    /// (browsers and aiortc may omit `a=ssrc` with BUNDLE + MID).
    public var ssrc: UInt32?
    public var retransmission: Retransmission?

    public init(payloadType: UInt8, clockRate: Int, ssrc: UInt32? = nil, retransmission: Retransmission? = nil) {
        self.payloadType = payloadType
        self.clockRate = clockRate
        self.ssrc = ssrc
        self.retransmission = retransmission
    }

    /// True when `header` belongs to this stream, as media or as RTX.
    func matches(_ header: RTPHeader, lockedSSRC: UInt32?) -> Bool {
        if header.payloadType == payloadType {
            guard let expected = lockedSSRC ?? ssrc else { return true }
            return header.ssrc == expected
        }
        if let retransmission, header.payloadType == retransmission.payloadType {
            return retransmission.ssrc.map { $0 == header.ssrc } ?? true
        }
        return false
    }
}
