import CSRTP
import Foundation

/// One libsrtp session (`srtp_t`) for one direction, with its own lock.
///
/// Sending and receiving run on different threads in a peer connection; giving each
/// direction its own context and lock keeps them from waiting on each other, while libsrtp
/// (which is not thread-safe) only ever sees one caller per context.
final class SRTPContext: @unchecked Sendable {
    enum Direction { case outbound, inbound }

    /// RTP header (12) and RTCP header with sender SSRC (8): shorter cannot carry an SSRC.
    static let minimumRTPLength = 12
    static let minimumRTCPLength = 8
    static let maximumLength = 65_535
    /// What `srtp_protect_rtcp` may append: tag, MKI and the 4-byte SRTCP index.
    static let trailerCapacity = Int(SRTP_MAX_TRAILER_LEN) + 4

    private let lock = NSLock()
    private let session: srtp_t
    private let direction: Direction
    private let profile: SRTPProtectionProfile
    private let masterKeyAndSalt: [UInt8]
    private let replayWindow: Int
    /// Outbound SSRCs that already have a libsrtp stream.
    private var outboundSSRCs: Set<UInt32> = []

    init(direction: Direction, profile: SRTPProtectionProfile, masterKeyAndSalt: [UInt8],
         replayWindow: Int) throws(SRTPError) {
        SRTPLibrary.ensureInitialized()
        self.direction = direction
        self.profile = profile
        self.masterKeyAndSalt = masterKeyAndSalt
        self.replayWindow = replayWindow
        var created: srtp_t?
        let status: srtp_err_status_t
        if direction == .inbound {
            // One template for every SSRC the peer uses; libsrtp clones it for each new
            // SSRC once that SSRC's first packet authenticates.
            status = Self.withPolicy(profile: profile, key: masterKeyAndSalt, window: replayWindow,
                                     ssrc: srtp_ssrc_t(type: ssrc_any_inbound, value: 0)) { srtp_create(&created, $0) }
        } else {
            status = srtp_create(&created, nil)
        }
        guard status == srtp_err_status_ok, let created else {
            throw SRTPError(status: status, byteCount: 0, unprotecting: false)
        }
        session = created
    }

    deinit { srtp_dealloc(session) }

    /// Transforms `packet` into `output` (reusing its capacity) with one libsrtp call.
    func transform(_ packet: UnsafeRawBufferPointer, into output: inout [UInt8], rtcp: Bool) throws(SRTPError) {
        let minimum = rtcp ? Self.minimumRTCPLength : Self.minimumRTPLength
        // Nothing longer than a UDP payload can arrive, and libsrtp counts lengths in an int.
        guard (minimum...Self.maximumLength).contains(packet.count) else { throw .malformedPacket(byteCount: packet.count) }
        output.removeAll(keepingCapacity: true)
        output.append(contentsOf: packet)
        // Only protect grows the packet (tag, SRTCP index); unprotect works in place and shrinks it.
        if direction == .outbound { output.append(contentsOf: repeatElement(0, count: Self.trailerCapacity)) }
        var length = Int32(packet.count)
        lock.lock()
        defer { lock.unlock() }
        if direction == .outbound {
            try ensureOutboundStream(ssrc: Self.ssrc(of: packet, rtcp: rtcp))
        }
        let status = output.withUnsafeMutableBytes { buffer -> srtp_err_status_t in
            switch (direction, rtcp) {
            case (.outbound, false): srtp_protect(session, buffer.baseAddress, &length)
            case (.outbound, true): srtp_protect_rtcp(session, buffer.baseAddress, &length)
            case (.inbound, false): srtp_unprotect(session, buffer.baseAddress, &length)
            case (.inbound, true): srtp_unprotect_rtcp(session, buffer.baseAddress, &length)
            }
        }
        guard status == srtp_err_status_ok else {
            output.removeAll(keepingCapacity: true)
            throw SRTPError(status: status, byteCount: packet.count, unprotecting: direction == .inbound)
        }
        output.removeLast(output.count - Int(length))
    }

    /// Forgets an outbound SSRC's stream (a sender that stopped), freeing its state.
    func removeOutboundStream(ssrc: UInt32) {
        lock.withLock {
            guard outboundSSRCs.remove(ssrc) != nil else { return }
            _ = srtp_remove_stream(session, ssrc.bigEndian)
        }
    }

    var outboundStreamCount: Int { lock.withLock { outboundSSRCs.count } }

    private func ensureOutboundStream(ssrc: UInt32) throws(SRTPError) {
        guard !outboundSSRCs.contains(ssrc) else { return }
        let status = Self.withPolicy(profile: profile, key: masterKeyAndSalt, window: replayWindow,
                                     ssrc: srtp_ssrc_t(type: ssrc_specific, value: ssrc)) { policy in
            // A NACK answered from history resends the same sequence number.
            policy.pointee.allow_repeat_tx = 1
            return srtp_add_stream(session, policy)
        }
        guard status == srtp_err_status_ok else { throw SRTPError(status: status, byteCount: 0, unprotecting: false) }
        outboundSSRCs.insert(ssrc)
    }

    /// The SSRC in host order: RTP carries it at byte 8, RTCP (sender SSRC) at byte 4.
    private static func ssrc(of packet: UnsafeRawBufferPointer, rtcp: Bool) -> UInt32 {
        let offset = rtcp ? 4 : 8
        return (0..<4).reduce(0) { $0 << 8 | UInt32(packet[offset + $1]) }
    }

    private static func withPolicy(profile: SRTPProtectionProfile, key: [UInt8], window: Int, ssrc: srtp_ssrc_t,
                                   _ body: (UnsafeMutablePointer<srtp_policy_t>) -> srtp_err_status_t) -> srtp_err_status_t {
        var keyCopy = key  // libsrtp takes a mutable pointer and copies the bytes during the call
        return keyCopy.withUnsafeMutableBufferPointer { keyBuffer in
            var policy = srtp_policy_t()
            profile.configure(&policy)
            policy.ssrc = ssrc
            policy.key = keyBuffer.baseAddress
            policy.window_size = UInt(window)
            return body(&policy)
        }
    }
}
