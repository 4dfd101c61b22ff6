import RTCP
import RTP

/// Answers one peer's generic NACKs (RFC 4585 §6.2.1) from the stream's shared
/// `RTPPacketHistory`: each requested packet still in the history is sent again, as an RTX
/// packet (RFC 4588 §4) when the peer negotiated RTX, otherwise as the original packet.
///
/// One responder per peer, because what is per peer is exactly its state: the RTX stream's
/// own sequence numbers (a receiver sees one RTX stream, numbered without gaps), and which
/// packets were just resent to this peer. A packet is resent to the same peer at most once
/// per round trip: a receiver repeats its NACK every RTT until the packet arrives, and a
/// NACK that crossed our retransmission in flight must not double the repair traffic.
public struct RTPNACKResponder: Sendable {
    /// The negotiated RTX stream of RFC 4588 (`a=rtpmap:<pt> rtx/90000`, `apt=`, and the
    /// `a=ssrc-group:FID` pairing).
    public struct RetransmissionStream: Equatable, Sendable {
        public var ssrc: UInt32
        public var payloadType: UInt8
        /// RFC 3550 §5.1 wants a random start; the caller supplies it.
        public var initialSequenceNumber: UInt16

        public init(ssrc: UInt32, payloadType: UInt8, initialSequenceNumber: UInt16) {
            self.ssrc = ssrc
            self.payloadType = payloadType
            self.initialSequenceNumber = initialSequenceNumber
        }
    }

    public struct Configuration: Sendable {
        /// RTX parameters when negotiated; `nil` resends the original packets unchanged.
        public var retransmission: RetransmissionStream?
        /// Least time between two resends of one packet to this peer when no RTT is known.
        public var defaultResendInterval: Duration
        /// Floor on the resend interval, so a tiny loopback RTT does not allow a resend storm.
        public var minimumResendInterval: Duration

        public init(retransmission: RetransmissionStream? = nil, defaultResendInterval: Duration = .milliseconds(100),
                    minimumResendInterval: Duration = .milliseconds(5)) {
            self.retransmission = retransmission
            self.defaultResendInterval = defaultResendInterval
            self.minimumResendInterval = minimumResendInterval
        }
    }

    /// Running totals, for connection statistics.
    public struct Counters: Equatable, Sendable {
        /// NACK messages handled.
        public var nackMessages = 0
        /// Sequence numbers asked for.
        public var requested = 0
        /// Packets sent again.
        public var resent = 0
        /// Bytes sent again (RTP bytes before SRTP).
        public var resentBytes = 0
        /// Requests refused because the same packet went to this peer less than an RTT ago.
        public var rateLimited = 0
        /// Requests for packets no longer (or never) in the history.
        public var notInHistory = 0
        /// NACK messages about another SSRC than the history's stream.
        public var foreignSSRC = 0
    }

    /// What one NACK produced.
    public struct Response: Equatable, Sendable {
        public var resent = 0
        public var rateLimited = 0
        public var notInHistory = 0
    }

    public let configuration: Configuration
    public private(set) var counters = Counters()
    /// The RTX sequence number the next retransmission will carry.
    public private(set) var nextRetransmissionSequenceNumber: UInt16
    /// Last resend per packet, indexed by `sequenceNumber & resendMask`.
    private var lastResend: [(sequenceNumber: UInt16, at: Duration)?]
    private let resendMask: Int
    private var packetBuffer: [UInt8] = []

    public init(configuration: Configuration = Configuration(), trackedPackets: Int = 1024) {
        var size = 1
        while size < max(1, trackedPackets) { size <<= 1 }
        self.configuration = configuration
        self.nextRetransmissionSequenceNumber = configuration.retransmission?.initialSequenceNumber ?? 0
        self.lastResend = Array(repeating: nil, count: size)
        self.resendMask = size - 1
        packetBuffer.reserveCapacity(1500)
    }

    /// Resends what `nack` asks for and is still in `history`, calling `send` once per
    /// packet with the bytes to protect and send (valid only during the call).
    ///
    /// - Parameter roundTripTime: this peer's RTT if known; a packet is not resent to the
    ///   peer again within `max(RTT, minimumResendInterval)`.
    @discardableResult
    public mutating func respond(to nack: RTCPGenericNACK, from history: RTPPacketHistory, at now: Duration,
                                 roundTripTime: Duration? = nil,
                                 send: (UnsafeRawBufferPointer) -> Void) -> Response {
        counters.nackMessages += 1
        guard let ssrc = history.ssrc, ssrc == nack.mediaSSRC else {
            counters.foreignSSRC += 1
            return Response()
        }
        let interval = max(roundTripTime ?? configuration.defaultResendInterval, configuration.minimumResendInterval)
        var response = Response()
        for pair in nack.pairs {
            resend(pair.packetID, from: history, at: now, interval: interval, response: &response, send: send)
            var mask = pair.lostBitmask
            while mask != 0 {
                let bit = UInt16(mask.trailingZeroBitCount)
                mask &= mask - 1
                resend(pair.packetID &+ bit &+ 1, from: history, at: now, interval: interval, response: &response, send: send)
            }
        }
        return response
    }

    private mutating func resend(_ sequenceNumber: UInt16, from history: RTPPacketHistory, at now: Duration,
                                 interval: Duration, response: inout Response, send: (UnsafeRawBufferPointer) -> Void) {
        counters.requested += 1
        let index = Int(sequenceNumber) & resendMask
        if let last = lastResend[index], last.sequenceNumber == sequenceNumber, now - last.at < interval {
            counters.rateLimited += 1
            response.rateLimited += 1
            return
        }
        let sentBytes: Int? = history.withPacket(sequenceNumber: sequenceNumber, at: now) { stored in
            guard let retransmission = configuration.retransmission else {
                send(stored.bytes)
                return stored.bytes.count
            }
            writeRetransmission(of: stored, stream: retransmission)
            packetBuffer.withUnsafeBytes { send($0) }
            return packetBuffer.count
        }
        guard let sentBytes else {
            counters.notInHistory += 1
            response.notInHistory += 1
            return
        }
        lastResend[index] = (sequenceNumber, now)
        counters.resent += 1
        counters.resentBytes += sentBytes
        response.resent += 1
    }

    /// RFC 4588 §4: the original header with the RTX SSRC, payload type and sequence number
    /// (marker, timestamp, CSRCs and extensions kept), then the original sequence number (OSN),
    /// then the original payload and padding. Built in a reused buffer straight from the
    /// stored bytes, the same layout as `RTPRetransmission.wrap` produces from a parsed packet.
    private mutating func writeRetransmission(of stored: RTPPacketHistory.StoredPacket, stream: RetransmissionStream) {
        let bytes = stored.bytes
        let sequenceNumber = nextRetransmissionSequenceNumber
        nextRetransmissionSequenceNumber &+= 1
        packetBuffer.removeAll(keepingCapacity: true)
        packetBuffer.append(contentsOf: bytes[0..<stored.payloadOffset])
        packetBuffer[1] = bytes[1] & 0x80 | stream.payloadType & 0x7F
        packetBuffer[2] = UInt8(truncatingIfNeeded: sequenceNumber >> 8)
        packetBuffer[3] = UInt8(truncatingIfNeeded: sequenceNumber)
        for shift in 0..<4 {
            packetBuffer[8 + shift] = UInt8(truncatingIfNeeded: stream.ssrc >> (24 - 8 * shift))
        }
        packetBuffer.append(UInt8(truncatingIfNeeded: stored.sequenceNumber >> 8))
        packetBuffer.append(UInt8(truncatingIfNeeded: stored.sequenceNumber))
        packetBuffer.append(contentsOf: bytes[stored.payloadOffset...])
    }
}
