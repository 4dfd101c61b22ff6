import CNice

/// A full ICE agent (RFC 8445, trickle per RFC 8838) with one stream of one component, the
/// shape WebRTC uses with BUNDLE and rtcp-mux, built on libnice.
///
/// Life cycle: `init` (nothing sent yet) → read `localCredentials()`, `start()` gathering →
/// trickle `.localCandidate` events to the peer, feed it the peer's credentials and
/// candidates → `.stateChanged(.connected)` → `send` / `onDatagram` → `close()`.
///
/// Threading contract:
/// - The agent runs its own GLib main loop on a dedicated thread. Every libnice call the
///   wrapper makes runs there (methods hop onto it and wait), except `send`.
/// - `onDatagram` runs on that thread, once per datagram, with a borrowed buffer; no task or
///   allocation is made per datagram. It may call `send` and the other methods.
/// - `events` is an `AsyncStream` fed from that thread; one consumer. It ends after
///   `.stateChanged(.closed)`.
/// - `send` may be called from any thread at any time; it throws a typed error instead of
///   sending when no pair is usable.
/// - `close()` (also run by `deinit`) stops the loop, joins the thread, and releases every
///   libnice and GLib object and socket the agent made.
public final class ICEAgent: @unchecked Sendable {
    /// Events in the order libnice produced them; see `ICEEvent`.
    public let events: AsyncStream<ICEEvent>
    public let configuration: ICEAgentConfiguration

    let loop: ICEMainLoopThread
    private let sink: ICEAgentSignalSink
    /// The libnice agent. Touched only inside `loop.perform` (or before the loop starts) and,
    /// for sending, through `sink.sendPath`, which teardown clears first.
    let nice: OpaquePointer
    let streamID: UInt32
    private let connection: ICEAgentSignalSink.Connection

    /// Creates the agent and its stream without touching the network.
    /// - Parameters:
    ///   - configuration: roles, addresses, servers and timers; validated here.
    ///   - onDatagram: receives every datagram; see `ICEDatagramHandler` for its contract.
    public init(configuration: ICEAgentConfiguration, onDatagram: @escaping ICEDatagramHandler) throws(ICEAgentSetupError) {
        let addresses = try Self.localAddresses(for: configuration.localAddresses)
        try Self.validateServers(configuration)
        let loop = try ICEMainLoopThread()
        var options = NICE_AGENT_OPTION_ICE_TRICKLE.rawValue
        if configuration.consentFreshness { options |= NICE_AGENT_OPTION_CONSENT_FRESHNESS.rawValue }
        guard let nice = nice_agent_new_full(loop.context, NICE_COMPATIBILITY_RFC5245, NiceAgentOption(options)) else {
            throw .agentUnavailable
        }
        Self.applyProperties(configuration, to: nice)
        for address in addresses {
            Self.addLocalAddress(address, to: nice)
        }
        let streamID = nice_agent_add_stream(nice, 1)
        guard streamID > 0 else {
            g_object_unref(UnsafeMutableRawPointer(nice))
            throw .agentUnavailable
        }
        do {
            try Self.applyStreamSettings(configuration, to: nice, streamID: streamID)
        } catch {
            g_object_unref(UnsafeMutableRawPointer(nice))
            throw error
        }
        let (events, continuation) = AsyncStream.makeStream(of: ICEEvent.self, bufferingPolicy: .unbounded)
        let sink = ICEAgentSignalSink(agent: nice, streamID: streamID, continuation: continuation, onDatagram: onDatagram)
        self.events = events
        self.configuration = configuration
        self.loop = loop
        self.sink = sink
        self.nice = nice
        self.streamID = streamID
        self.connection = sink.connect(agent: nice, context: loop.context)
    }

    deinit {
        close()
    }

    /// The current state, as last reported by libnice.
    public var state: ICEConnectionState { sink.state }

    /// This side's `ice-ufrag` / `ice-pwd`, to put in the offer or answer.
    public func localCredentials() throws -> ICECredentials {
        try perform { Self.credentials(of: nice, streamID: streamID) }
    }

    /// Starts the loop thread and host (and configured server) candidate gathering. Local
    /// candidates then arrive as `.localCandidate` events, then `.gatheringComplete`.
    public func start() throws {
        try loop.start()
        let started = try perform { nice_agent_gather_candidates(nice, streamID) != 0 }
        guard started else { throw ICEAgentSetupError.gatheringRefused }
    }

    /// Sets the peer's `ice-ufrag` / `ice-pwd` from its description (again after it restarts).
    public func setRemoteCredentials(_ credentials: ICECredentials) throws {
        try credentials.validate()
        try perform {
            _ = nice_agent_set_remote_credentials(nice, streamID, credentials.usernameFragment, credentials.password)
        }
    }

    /// Adds one trickled remote candidate: `candidate:…` or `a=candidate:…` (RFC 8839 §5.1).
    public func addRemoteCandidate(_ text: String) throws {
        let line = try Self.candidateLine(text)
        try perform { () throws(ICERemoteCandidateError) in
            guard let parsed = nice_agent_parse_remote_candidate_sdp(nice, streamID, line) else {
                throw .rfc8839Unparseable(text)
            }
            defer { nice_candidate_free(parsed) }
            guard parsed.pointee.component_id == 1 else {
                throw .rfc8858ComponentNotMuxed(component: parsed.pointee.component_id)
            }
            guard parsed.pointee.transport == NICE_CANDIDATE_TRANSPORT_UDP || configuration.tcpCandidates else {
                throw .rfc6544TCPCandidatesDisabled(text)
            }
            let list = g_slist_append(nil, parsed)
            defer { g_slist_free(list) }
            guard nice_agent_set_remote_candidates(nice, streamID, 1, list) > 0 else {
                throw .rejectedByAgent(text)
            }
        }
    }

    /// The peer sent end-of-candidates (RFC 8838 §8.2): once checks are exhausted the agent may
    /// now declare failure instead of waiting for more candidates.
    public func addRemoteEndOfCandidates() throws {
        try perform { _ = nice_agent_peer_candidate_gathering_done(nice, streamID) }
    }

    /// ICE restart (RFC 8445 §2.4): new local credentials, remote candidates forgotten, checks
    /// start over once the peer's new credentials and candidates arrive. Local candidates are
    /// kept and reported again as `.localCandidate` events followed by `.gatheringComplete`.
    /// - Returns: the new local credentials for the new offer or answer.
    public func restart() throws -> ICECredentials {
        try perform { () throws(ICEAgentLifecycleError) -> ICECredentials in
            guard nice_agent_restart_stream(nice, streamID) != 0 else { throw .restartRefused }
            for candidate in Self.localCandidates(of: nice, streamID: streamID) {
                sink.yield(.localCandidate(candidate))
            }
            sink.yield(.gatheringComplete)
            return Self.credentials(of: nice, streamID: streamID)
        }
    }

    /// Sends one datagram on the selected pair. Safe from any thread; does not allocate.
    public func send(_ datagram: UnsafeRawBufferPointer) throws(ICESendError) {
        let agent = try sink.sendPath.withLock { (path: inout ICEAgentSignalSink.SendPath) throws(ICESendError) -> OpaquePointer in
            guard let agent = path.agent else { throw .closed }
            guard path.state.canSend else { throw .notConnected(path.state) }
            // Keeps libnice's agent alive across the unlocked send even if close() runs now.
            g_object_ref(UnsafeMutableRawPointer(agent))
            return agent
        }
        defer { g_object_unref(UnsafeMutableRawPointer(agent)) }
        let sent = nice_agent_send(agent, streamID, 1, guint(datagram.count), datagram.baseAddress?.assumingMemoryBound(to: gchar.self))
        guard sent == Int32(datagram.count) else { throw .transportRefused(byteCount: datagram.count) }
    }

    /// Sends one datagram on the selected pair; see `send(_:)` for the buffer form.
    public func send(_ datagram: [UInt8]) throws(ICESendError) {
        // `withUnsafeBytes` rethrows untyped errors; carry the typed one out in a Result.
        let outcome = datagram.withUnsafeBytes { bytes in
            Result { () throws(ICESendError) in try send(bytes) }
        }
        try outcome.get()
    }

    /// Stops everything: TURN allocations are released (libnice `close_async`), the loop
    /// thread is joined, sockets and GLib sources are freed, and `events` ends with
    /// `.stateChanged(.closed)`. Idempotent; callable from any thread, including callbacks.
    public func close() {
        let nice = nice
        let streamID = streamID
        let sink = sink
        let connection = connection
        let loop = loop
        loop.stop { loopRunning in
            ICEAgentSignalSink.disconnect(connection, streamID: streamID, context: loop.context)
            sink.finish()
            nice_agent_remove_stream(nice, streamID)
            guard loopRunning else {
                g_object_unref(UnsafeMutableRawPointer(nice))
                return
            }
            let retainedLoop = Unmanaged.passRetained(loop).toOpaque()
            nice_agent_close_async(nice, { _, _, data in
                guard let data else { return }
                Unmanaged<ICEMainLoopThread>.fromOpaque(data).takeRetainedValue().quit()
            }, retainedLoop)
            // close_async holds its own reference until its callback has run.
            g_object_unref(UnsafeMutableRawPointer(nice))
        }
    }

    func perform<T, E: Error>(_ body: () throws(E) -> T) throws -> T {
        try loop.perform { try body() }
    }
}
