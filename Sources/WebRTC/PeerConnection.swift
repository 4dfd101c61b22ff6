import DTLS
import ICE
import SDP
import SRTP
import Synchronization

/// A WebRTC transport built from parts: one libnice ICE component (BUNDLE + rtcp-mux), DTLS
/// over it for keys, SRTP/SRTCP for media, SDP offer/answer with trickle ICE
/// ([RFC 8829](https://www.rfc-editor.org/rfc/rfc8829), [RFC 8834](https://www.rfc-editor.org/rfc/rfc8834),
/// [RFC 5764](https://www.rfc-editor.org/rfc/rfc5764)).
///
/// Life cycle: `init` (nothing touches the network) → `addTransceiver` → `createOffer` /
/// `setRemoteAnswer`, or `setRemoteOffer` / `createAnswer` → trickle both ways
/// (`localCandidates`, `addRemoteCandidate`) → `connectionStates` reaches `.connected` →
/// `send(rtp:)` / `send(rtcp:)`, packets arrive at the handler → `close()`.
///
/// Threading contract:
/// - Every public method may be called from any thread or task; state lives behind one mutex.
/// - Datagrams are processed on the ICE agent's loop thread: RFC 7983 demux, DTLS, SRTP
///   unprotect and the packet handler all run there, without a task or an allocation per packet.
/// - `connectionStates` and `localCandidates` are single-consumer streams; both end on `close()`.
/// - One task per connection reads ICE events, one bounds the set-up time, one more drives DTLS
///   retransmissions while the handshake runs. `close()` ends them; none is started in `init`.
/// - `close()` is idempotent, also runs from `deinit`, and may be called from the handler.
public final class PeerConnection: Sendable {
    public let configuration: PeerConnectionConfiguration
    /// Every state change after `.new`, in order; ends after `.closed`.
    public let connectionStates: AsyncStream<PeerConnectionState>
    /// Local candidates to trickle, then end-of-candidates; starts once an offer or answer is made.
    public let localCandidates: AsyncStream<PeerConnectionLocalCandidate>

    let stateContinuation: AsyncStream<PeerConnectionState>.Continuation
    let candidateContinuation: AsyncStream<PeerConnectionLocalCandidate>.Continuation
    let core: Mutex<PeerConnectionCore>
    let onPacket: PeerConnectionPacketHandler
    /// SRTP output buffers, reused for every packet (send from any thread, receive on ICE's).
    let sendBuffer = Mutex<[UInt8]>([])
    let receiveBuffer = Mutex<[UInt8]>([])

    /// - Parameters:
    ///   - configuration: certificate, ICE servers and addresses, timers.
    ///   - onPacket: receives every decrypted RTP/RTCP packet; see ``PeerConnectionPacketHandler``.
    public init(configuration: PeerConnectionConfiguration,
                onPacket: @escaping PeerConnectionPacketHandler = { _ in }) {
        self.configuration = configuration
        self.onPacket = onPacket
        (connectionStates, stateContinuation) = AsyncStream.makeStream(bufferingPolicy: .unbounded)
        (localCandidates, candidateContinuation) = AsyncStream.makeStream(bufferingPolicy: .unbounded)
        core = Mutex(PeerConnectionCore(pendingLimits: configuration.pendingLimits, cname: configuration.cname))
    }

    deinit {
        close()
    }

    /// The current state (the last value `connectionStates` yielded, or `.new`).
    public var connectionState: PeerConnectionState { core.withLock { $0.state } }

    public var signalingState: PeerConnectionSignalingState { core.withLock { $0.signaling } }

    /// The transceivers in the order added, with mids and negotiated parameters once known.
    public var transceivers: [PeerConnectionTransceiver] { core.withLock { $0.transceivers } }

    /// Remote candidates from a description or held early that the ICE agent refused (mDNS
    /// names, TCP while off, unparseable), each with the reason; at most 64. Candidates
    /// trickled after the description throw from `addRemoteCandidate` instead.
    public var refusedRemoteCandidates: [String] { core.withLock { $0.refusedRemoteCandidates } }

    /// What the receive path refused or could not route so far.
    public var receiveCounters: PeerConnectionReceiveCounters { core.withLock { $0.counters } }

    /// Ends the connection: DTLS close_notify to the peer (when connected), ICE agent stopped
    /// and its thread joined, tasks ended, held datagrams and keys released, streams finished.
    /// Idempotent.
    public func close() {
        let taken = core.withLock { core -> (ICEAgent?, DTLSTransport?, [Task<Void, Never>])? in
            guard core.transition(to: .closed) else { return nil }
            stateContinuation.yield(.closed)
            let tasks = [core.eventsTask, core.timerTask, core.deadlineTask].compactMap { $0 }
            defer {
                core.ice = nil
                core.dtls = nil
                core.srtp = nil
                core.eventsTask = nil
                core.timerTask = nil
                core.deadlineTask = nil
                core.pending.removeAll()
                core.earlyRemoteCandidates.removeAll()
            }
            return (core.ice, core.dtls, tasks)
        }
        guard let (ice, dtls, tasks) = taken else { return }
        for task in tasks { task.cancel() }
        dtls?.close()  // close_notify leaves through ICE, so before the agent stops
        ice?.close()
        stateContinuation.finish()
        candidateContinuation.finish()
    }

    /// Moves to `.failed` with `reason` unless already finished; stops DTLS retransmissions.
    func fail(_ reason: PeerConnectionFailure) {
        core.withLock { core in
            guard core.transition(to: .failed(reason)) else { return }
            stateContinuation.yield(.failed(reason))
            core.timerTask?.cancel()
            core.deadlineTask?.cancel()
        }
    }

    /// Moves forward to `next` if allowed, announcing it.
    func advance(to next: PeerConnectionState) {
        core.withLock { core in
            if core.transition(to: next) { stateContinuation.yield(next) }
        }
    }
}
