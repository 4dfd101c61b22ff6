import CNice
import Synchronization

/// Called with each datagram the selected pair receives (already stripped of STUN, which
/// libnice consumes). Runs on the agent's loop thread; the buffer is valid only during the
/// call, so copy what must outlive it. It must not block: it stalls every timer and socket
/// of that agent.
public typealias ICEDatagramHandler = @Sendable (_ datagram: UnsafeRawBufferPointer) -> Void

/// The object libnice's signal handlers and receive callback reach through `user_data`.
///
/// It is separate from `ICEAgent` so that a callback never touches the agent itself: it only
/// yields events, updates the state `send` checks, and forwards datagrams. The agent retains
/// it for libnice (`Unmanaged`) from `connect` until teardown has disconnected every handler.
final class ICEAgentSignalSink: Sendable {
    /// What `send` needs from any thread: the state, and the agent while it is alive.
    struct SendPath: @unchecked Sendable {
        var state: ICEConnectionState = .new
        /// Set to nil at teardown, under the lock, before libnice's agent is released.
        var agent: OpaquePointer?
    }

    let streamID: UInt32
    let sendPath: Mutex<SendPath>
    private let continuation: AsyncStream<ICEEvent>.Continuation
    private let onDatagram: ICEDatagramHandler

    init(agent: OpaquePointer, streamID: UInt32, continuation: AsyncStream<ICEEvent>.Continuation, onDatagram: @escaping ICEDatagramHandler) {
        self.streamID = streamID
        self.sendPath = Mutex(SendPath(agent: agent))
        self.continuation = continuation
        self.onDatagram = onDatagram
    }

    var state: ICEConnectionState { sendPath.withLock { $0.state } }

    func yield(_ event: ICEEvent) {
        continuation.yield(event)
    }

    /// Marks the agent closed for `send`, reports it and ends the event stream.
    func finish() {
        sendPath.withLock {
            $0.state = .closed
            $0.agent = nil
        }
        continuation.yield(.stateChanged(.closed))
        continuation.finish()
    }

    // MARK: - libnice callbacks (loop thread)

    /// Handler ids returned by `g_signal_connect_data`, for disconnecting at teardown.
    struct Connection: @unchecked Sendable {
        let agent: OpaquePointer
        let handlerIDs: [gulong]
        let retainedSink: Unmanaged<ICEAgentSignalSink>
    }

    /// Connects the four signals and the receive callback. `context` is the agent's loop
    /// context, where libnice will call `recv`.
    func connect(agent: OpaquePointer, context: OpaquePointer) -> Connection {
        let retained = Unmanaged.passRetained(self)
        let data = retained.toOpaque()
        let ids = [
            CPeerCam_nice_connect_component_state_changed(agent, { _, stream, component, state, data in
                guard let sink = ICEAgentSignalSink.from(data), stream == sink.streamID, component == 1 else { return }
                sink.componentStateChanged(ICEConnectionState(niceState: state))
            }, data),
            CPeerCam_nice_connect_new_candidate_full(agent, { agent, candidate, data in
                guard let sink = ICEAgentSignalSink.from(data), let agent, let candidate,
                      candidate.pointee.stream_id == sink.streamID else { return }
                sink.yield(.localCandidate(ICECandidate(agent: agent, candidate: candidate)))
            }, data),
            CPeerCam_nice_connect_candidate_gathering_done(agent, { _, stream, data in
                guard let sink = ICEAgentSignalSink.from(data), stream == sink.streamID else { return }
                sink.yield(.gatheringComplete)
            }, data),
            CPeerCam_nice_connect_new_selected_pair_full(agent, { agent, stream, _, local, remote, data in
                guard let sink = ICEAgentSignalSink.from(data), stream == sink.streamID,
                      let agent, let local, let remote else { return }
                sink.yield(.selectedPairChanged(ICECandidatePair(
                    local: ICECandidate(agent: agent, candidate: local),
                    remote: ICECandidate(agent: agent, candidate: remote))))
            }, data),
        ]
        nice_agent_attach_recv(agent, streamID, 1, context, { _, _, _, length, buffer, data in
            guard let sink = ICEAgentSignalSink.from(data), let buffer else { return }
            sink.onDatagram(UnsafeRawBufferPointer(start: buffer, count: Int(length)))
        }, data)
        return Connection(agent: agent, handlerIDs: ids, retainedSink: retained)
    }

    /// Undoes `connect`; after it returns libnice holds no pointer to the sink.
    static func disconnect(_ connection: Connection, streamID: UInt32, context: OpaquePointer) {
        for id in connection.handlerIDs {
            g_signal_handler_disconnect(UnsafeMutableRawPointer(connection.agent), id)
        }
        nice_agent_attach_recv(connection.agent, streamID, 1, context, nil, nil)
        connection.retainedSink.release()
    }

    private static func from(_ data: UnsafeMutableRawPointer?) -> ICEAgentSignalSink? {
        guard let data else { return nil }
        return Unmanaged<ICEAgentSignalSink>.fromOpaque(data).takeUnretainedValue()
    }

    private func componentStateChanged(_ state: ICEConnectionState) {
        let changed = sendPath.withLock { path -> Bool in
            guard path.state != .closed, path.state != state else { return false }
            path.state = state
            return true
        }
        if changed { yield(.stateChanged(state)) }
    }
}
