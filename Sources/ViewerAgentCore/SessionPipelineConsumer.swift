import MediaSession
import ViewerPipeline

/// One session's view of the watch's ``ContinuingViewerPipeline``, run by that session's
/// `PeerMediaReceiver` worker: shifts times onto the watch's clock, maps payload types onto the
/// ones the pipeline was made with, and does not close the outputs when the session ends (the
/// next session keeps writing them).
///
/// Per RTP packet it copies into one reused buffer (to rewrite the payload type); nothing is
/// allocated once the buffer has grown. RTCP is read in place.
final class SessionPipelineConsumer: ReceivedMediaConsumer, @unchecked Sendable {
    // @unchecked: `buffer` is used only by the receiver's single worker thread.
    private let host: ContinuingViewerPipeline
    /// Receiver time zero on the watch's clock.
    private let offset: Duration
    private let payloadTypes: PayloadTypeMapping
    private var buffer: [UInt8] = []

    init(host: ContinuingViewerPipeline, offset: Duration, payloadTypes: PayloadTypeMapping) {
        self.host = host
        self.offset = offset
        self.payloadTypes = payloadTypes
        buffer.reserveCapacity(1500)
    }

    func receiveRTP(_ bytes: UnsafeRawBufferPointer, at now: Duration) {
        buffer.removeAll(keepingCapacity: true)
        buffer.append(contentsOf: bytes)
        payloadTypes.rewrite(&buffer)
        let time = now + offset
        host.withPipeline { pipeline in
            // A refused packet is counted by the pipeline itself (`packetsRefused` in the statistics).
            try? pipeline.receiveRTP(buffer, at: time)
        }
    }

    func receiveRTCP(_ bytes: UnsafeRawBufferPointer, at now: Duration) {
        // Read in place: RTCP needs no payload type rewrite, so no copy either.
        let time = now + offset
        host.withPipeline { pipeline in
            try? pipeline.receiveRTCP(bytes, at: time)
        }
    }

    func poll(at now: Duration) {
        let time = now + offset
        host.withPipeline { $0.poll(at: time) }
    }

    var nextDeadline: Duration? {
        var deadline: Duration?
        host.withPipeline { deadline = $0.nextDeadline }
        return deadline.map { $0 - offset }
    }

    /// The session is over, not the watch: outputs stay open for the next session.
    func finish(at now: Duration) {
        poll(at: now)
    }
}

/// Payload types of a later session mapped onto the first session's, so one pipeline can
/// take both (RFC 3550 §5.1: the payload type is the low 7 bits of the second byte).
struct PayloadTypeMapping: Sendable {
    /// Indexed by incoming payload type; `nil` keeps it.
    private var table: [UInt8?] = Array(repeating: nil, count: 128)
    private(set) var isIdentity = true

    init() {}

    init(from later: ViewerPipelineConfiguration, to first: ViewerPipelineConfiguration) {
        func map(_ from: ReceiverStreamParameters?, _ to: ReceiverStreamParameters?) {
            guard let from, let to else { return }
            set(from.payloadType, to.payloadType)
            if let rtxFrom = from.retransmission?.payloadType, let rtxTo = to.retransmission?.payloadType { set(rtxFrom, rtxTo) }
        }
        map(later.video?.stream, first.video?.stream)
        map(later.audio?.stream, first.audio?.stream)
    }

    private mutating func set(_ from: UInt8, _ to: UInt8) {
        guard from != to, from < 128 else { return }
        table[Int(from)] = to
        isIdentity = false
    }

    /// Rewrites the payload type of the RTP packet in `bytes` in place.
    func rewrite(_ bytes: inout [UInt8]) {
        guard !isIdentity, bytes.count >= 2, let to = table[Int(bytes[1] & 0x7F)] else { return }
        bytes[1] = (bytes[1] & 0x80) | to
    }
}
