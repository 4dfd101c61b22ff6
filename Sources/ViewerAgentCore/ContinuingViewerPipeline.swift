import Logging
import MediaSession
import Synchronization
import ViewerPipeline
import WebRTC

/// One `ViewerPipeline` for a whole watch, fed by one session after another.
///
/// Why not `ViewerPipelineConsumer`: that consumer's pipeline ends with its receiver, and a
/// reconnect must keep writing the same Y4M, WAV and Matroska outputs. Here the pipeline is
/// made at the first negotiation and outlives each session's `PeerMediaReceiver`; a later
/// session calls `resetForReconnect` (new SSRCs, sequence and timestamp spaces, timestamps kept
/// monotonic). Each session gets a ``SessionPipelineConsumer`` that moves its receiver's clock
/// (zero at the receiver's creation) onto the watch's clock (zero at the watch's start), so
/// time to first frame counts from the start of the watch, and maps its payload types onto
/// the first session's if the camera chose others.
///
/// Thread safety: the pipeline is not thread-safe, so every use is under one lock; only one
/// session's worker feeds it at a time, plus the status line reading statistics once a second.
public final class ContinuingViewerPipeline: Sendable {
    private let outputs: ViewerOutputConfiguration
    private let watchStart: ContinuousClock.Instant
    private let logger: Logger
    private let state = Mutex<State>(State())
    /// Where the pipeline's RTCP goes: the current session's connection.
    private let rtcpRoute = RTCPRoute()

    /// The current session's RTCP send function, swapped per session. A class of its own so
    /// the pipeline's closure can hold it without holding the host.
    private final class RTCPRoute: Sendable {
        let target = Mutex<(@Sendable ([UInt8]) -> Void)?>(nil)
        func send(_ bytes: [UInt8]) { target.withLock { $0 }?(bytes) }
    }

    private struct State {
        var pipeline: ViewerPipelineBox?
        var configuration: ViewerPipelineConfiguration?
        var statistics = ViewerPipelineStatistics()
        var finished = false
    }

    /// The pipeline object, made sendable by the lock that is its only access path.
    private final class ViewerPipelineBox: @unchecked Sendable {
        let pipeline: ViewerPipeline
        init(_ pipeline: ViewerPipeline) { self.pipeline = pipeline }
    }

    /// The SSRC this viewer's RTCP carries (fixed for the watch).
    static let localSSRC: UInt32 = 0x5645_5752  // "VEWR"

    public init(outputs: ViewerOutputConfiguration, watchStart: ContinuousClock.Instant, logger: Logger) {
        self.outputs = outputs
        self.watchStart = watchStart
        self.logger = logger
    }

    /// The consumer for a freshly negotiated session on `connection`; makes the pipeline on the
    /// first call and resets it for a reconnect on later ones.
    /// - Throws: `ViewerFailure.stream` (nothing to receive, codec setup) or `.usage` (an
    ///   output that cannot be opened).
    func makeConsumer(for connection: PeerConnection, sendRTCP: @escaping @Sendable ([UInt8]) -> Void)
        throws(ViewerFailure) -> SessionPipelineConsumer {
        var negotiated: ViewerPipelineConfiguration
        do { negotiated = try .negotiated(on: connection, localSSRC: Self.localSSRC) } catch {
            throw .stream("the negotiated session has nothing this viewer can receive: \(error)")
        }
        // SSRCs change with every session; the pipeline locks onto the first one it hears
        // per payload type instead of the first session's announced values.
        negotiated.video?.stream.ssrc = nil
        negotiated.video?.stream.retransmission?.ssrc = nil
        negotiated.audio?.stream.ssrc = nil
        let offset = ContinuousClock.now - watchStart
        rtcpRoute.target.withLock { $0 = sendRTCP }
        let route = rtcpRoute
        let sendCurrent: ([UInt8]) -> Void = { bytes in route.send(bytes) }
        let outputs = self.outputs
        let logger = self.logger
        let mapping = try state.withLock { (state: inout State) throws(ViewerFailure) -> PayloadTypeMapping in
            guard !state.finished else { throw .stream("the watch has finished") }
            if let box = state.pipeline, let first = state.configuration {
                do { try box.pipeline.resetForReconnect() } catch { throw .stream("cannot restart the decoder: \(error)") }
                return PayloadTypeMapping(from: negotiated, to: first)
            }
            do {
                let pipeline = try ViewerPipeline(configuration: negotiated, outputs: outputs, startTime: .zero,
                                                  sendRTCP: sendCurrent) { kind, reason in
                    logger.warning("output ended early", metadata: ["output": "\(kind.rawValue)", "reason": "\(reason)"])
                }
                state.pipeline = ViewerPipelineBox(pipeline)
                state.configuration = negotiated
            } catch {
                throw .usage("cannot open the outputs: \(error)")
            }
            return PayloadTypeMapping()
        }
        return SessionPipelineConsumer(host: self, offset: offset, payloadTypes: mapping)
    }

    /// Runs `body` on the pipeline under the lock (no-op once finished or before it exists).
    func withPipeline(_ body: (ViewerPipeline) -> Void) {
        state.withLock { state in
            guard !state.finished, let box = state.pipeline else { return }
            body(box.pipeline)
        }
    }

    /// The pipeline's statistics now (zeros before the first session negotiated).
    public var statistics: ViewerPipelineStatistics {
        state.withLock { state in
            guard let box = state.pipeline, !state.finished else { return state.statistics }
            state.statistics = box.pipeline.statistics()
            return state.statistics
        }
    }

    /// Whether any session has negotiated (and the outputs exist).
    public var hasStarted: Bool { state.withLock { $0.pipeline != nil } }

    /// The session ended: no RTCP may go out on its closed connection.
    func detachRTCP() { rtcpRoute.target.withLock { $0 = nil } }

    /// Ends the watch: releases what is buffered, closes (finalises) every output. Idempotent.
    public func finish() {
        let now = ContinuousClock.now - watchStart
        state.withLock { state in
            guard !state.finished else { return }
            if let box = state.pipeline {
                box.pipeline.finish(at: now)
                state.statistics = box.pipeline.statistics()
            }
            state.finished = true
        }
        detachRTCP()
    }
}
