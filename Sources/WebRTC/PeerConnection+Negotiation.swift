import DTLS
import ICE
import SDP

/// Offer/answer (JSEP, [RFC 8829 §5](https://www.rfc-editor.org/rfc/rfc8829#section-5)) on top of
/// the pure `SDPOfferer` / `SDPAnswerer`: this layer owns the ICE agent, credentials, SSRCs and
/// the order of the steps.
extension PeerConnection {
    /// Adds a media section. Only before the first offer or answer, one per kind.
    @discardableResult
    public func addTransceiver(_ kind: SDPMediaKind, direction: SDPDirection,
                               requirement: SDPMediaRequirement = .required)
        throws(PeerConnectionSignalingError) -> PeerConnectionTransceiver
    {
        try core.withLock { (core: inout PeerConnectionCore) throws(PeerConnectionSignalingError) in
            guard core.state != .closed else { throw .closed }
            guard core.ice == nil else { throw .transceiversFixedAfterNegotiation }
            guard !core.transceivers.contains(where: { $0.kind == kind }) else { throw .transceiverKindAlreadyAdded(kind) }
            let transceiver = PeerConnectionTransceiver(
                kind: kind, requestedDirection: direction, requirement: requirement,
                localSSRC: kind == .video ? core.ssrcs.video : core.ssrcs.audio)
            core.transceivers.append(transceiver)
            return transceiver
        }
    }

    /// Makes our offer and starts gathering; candidates then arrive on `localCandidates`.
    /// - Returns: the offer's SDP text.
    public func createOffer() throws -> String {
        try checkCanStartNegotiation(.stable, operation: "createOffer")
        let agent = try makeAgent(role: .controlling)
        do {
            let credentials = try agent.localCredentials()
            let offer = try core.withLock { (core: inout PeerConnectionCore) throws(PeerConnectionSignalingError) in
                guard core.state != .closed else { throw .closed }
                guard core.ice == nil else { throw .renegotiationUnsupported }
                let local = core.localParameters(credentials: credentials, certificate: configuration.certificate)
                let offer = SDPOfferer.offer(local)
                core.ice = agent
                core.localParameters = local
                core.localOffer = offer
                core.bundleMid = offer.media.first?.mid
                core.signaling = .haveLocalOffer
                return offer
            }
            try startGathering(agent)
            return offer.text
        } catch let error as PeerConnectionSignalingError {
            agent.close()
            throw error
        } catch {
            agent.close()
            fail(.transportSetup(String(describing: error)))
            throw error
        }
    }

    /// Applies the peer's answer to our offer: ICE credentials and candidates, DTLS role and
    /// fingerprint. SDP problems are thrown as `SDPParseError` / `SDPNegotiationError`.
    /// The text may lack its final line ending (see `SDPSessionDescription.normalizedText`).
    public func setRemoteAnswer(_ text: String) throws {
        let (offer, local, agent) = try core.withLock {
            (core: inout PeerConnectionCore) throws(PeerConnectionSignalingError) in
            guard core.state != .closed else { throw .closed }
            guard core.signaling == .haveLocalOffer, let offer = core.localOffer, let local = core.localParameters,
                  let agent = core.ice else {
                throw .jsep(operation: "setRemoteAnswer", state: core.signaling)
            }
            return (offer, local, agent)
        }
        let answer = try SDPSessionDescription(parsing: SDPSessionDescription.normalizedText(text))
        let session = try SDPOfferer.accept(answer: answer, to: offer, local: local)
        try failingOnError { try applyRemote(session, agent: agent) }
    }

    /// Takes the peer's offer and prepares our answer; negotiation failures (no H264, no
    /// BUNDLE…) are thrown here as the `SDPNegotiationError` that names what is missing.
    /// The text may lack its final line ending (see `SDPSessionDescription.normalizedText`).
    public func setRemoteOffer(_ text: String) throws {
        try checkCanStartNegotiation(.stable, operation: "setRemoteOffer")
        let offer = try SDPSessionDescription(parsing: SDPSessionDescription.normalizedText(text))
        let agent = try makeAgent(role: .controlled)
        do {
            let credentials = try agent.localCredentials()
            try core.withLock { (core: inout PeerConnectionCore) throws in
                guard core.state != .closed else { throw PeerConnectionSignalingError.closed }
                guard core.ice == nil else { throw PeerConnectionSignalingError.renegotiationUnsupported }
                let local = core.localParameters(credentials: credentials, certificate: configuration.certificate)
                let answer = try SDPAnswerer.answer(offer, local: local)
                core.ice = agent
                core.localParameters = local
                core.localAnswer = answer.description.text
                core.answeredSession = answer.session
                core.bundleMid = answer.session.bundleMids.first
                core.signaling = .haveRemoteOffer
            }
        } catch {
            agent.close()
            throw error
        }
    }

    /// Returns the answer prepared by `setRemoteOffer`, starts gathering and connecting.
    public func createAnswer() throws -> String {
        let (text, session, agent) = try core.withLock {
            (core: inout PeerConnectionCore) throws(PeerConnectionSignalingError) in
            guard core.state != .closed else { throw .closed }
            guard core.signaling == .haveRemoteOffer, let text = core.localAnswer, let session = core.answeredSession,
                  let agent = core.ice else {
                throw .jsep(operation: "createAnswer", state: core.signaling)
            }
            return (text, session, agent)
        }
        try failingOnError {
            try startGathering(agent)
            try applyRemote(session, agent: agent)
        }
        return text
    }

    /// Adds a trickled remote candidate (`candidate:…` or `a=candidate:…`, RFC 8839 §5.1).
    /// Before the remote description is applied it is held and added afterwards.
    /// - Throws: the ICE module's `ICERemoteCandidateError` for a candidate libnice refuses.
    public func addRemoteCandidate(_ line: String) throws {
        let agent = try core.withLock { (core: inout PeerConnectionCore) throws(PeerConnectionSignalingError) -> ICEAgent? in
            guard core.state != .closed else { throw .closed }
            if core.session != nil, let agent = core.ice { return agent }
            guard core.earlyRemoteCandidates.count < PeerConnectionCore.earlyCandidateLimit else {
                throw .tooManyEarlyRemoteCandidates(limit: PeerConnectionCore.earlyCandidateLimit)
            }
            core.earlyRemoteCandidates.append(line)
            return nil
        }
        try agent?.addRemoteCandidate(line)
    }

    /// The peer finished gathering (`a=end-of-candidates`, RFC 8838 §8.2).
    public func addRemoteEndOfCandidates() throws {
        let agent = try core.withLock { (core: inout PeerConnectionCore) throws(PeerConnectionSignalingError) -> ICEAgent? in
            guard core.state != .closed else { throw .closed }
            if core.session != nil, let agent = core.ice { return agent }
            core.earlyRemoteEndOfCandidates = true
            return nil
        }
        try agent?.addRemoteEndOfCandidates()
    }

    // MARK: - Steps

    /// Runs a transport step of negotiation; if it throws, the connection cannot continue
    /// half set up, so it fails (with the error described) before the error is rethrown.
    private func failingOnError(_ step: () throws -> Void) throws {
        do {
            try step()
        } catch {
            fail(.transportSetup(String(describing: error)))
            throw error
        }
    }

    private func checkCanStartNegotiation(_ expected: PeerConnectionSignalingState, operation: String)
        throws(PeerConnectionSignalingError)
    {
        try core.withLock { (core: inout PeerConnectionCore) throws(PeerConnectionSignalingError) in
            guard core.state != .closed else { throw .closed }
            guard core.ice == nil else { throw .renegotiationUnsupported }
            guard core.signaling == expected else { throw .jsep(operation: operation, state: core.signaling) }
            guard !core.transceivers.isEmpty else { throw .noTransceivers }
        }
    }

    private func makeAgent(role: ICEAgentConfiguration.Role) throws -> ICEAgent {
        try ICEAgent(configuration: configuration.iceConfiguration(role: role)) { [weak self] datagram in
            self?.receive(datagram)
        }
    }

    /// Starts the per-connection event and set-up deadline tasks, then gathering.
    private func startGathering(_ agent: ICEAgent) throws {
        let events = Task { [weak self] in
            for await event in agent.events {
                self?.handle(event)
            }
        }
        let timeout = configuration.connectionTimeout
        let deadline = Task { [weak self] in
            guard (try? await Task.sleep(for: timeout)) != nil, let self else { return }
            if connectionState != .connected { fail(.connectionTimedOut(after: timeout)) }
        }
        core.withLock { core in
            if core.state == .closed {
                events.cancel()
                deadline.cancel()
            } else {
                core.eventsTask = events
                core.deadlineTask = deadline
            }
        }
        try agent.start()
    }

    /// Gives ICE the peer's credentials and candidates and creates the DTLS transport with
    /// the negotiated role and fingerprint; DTLS starts once ICE is connected.
    private func applyRemote(_ session: SDPNegotiatedSession, agent: ICEAgent) throws {
        try agent.setRemoteCredentials(ICECredentials(usernameFragment: session.remoteICE.ufrag,
                                                      password: session.remoteICE.pwd))
        // A description's candidates libnice cannot use (mDNS names, TCP) must not sink the
        // whole negotiation: each is refused on its own and kept in `refusedRemoteCandidates`.
        for candidate in session.remoteICE.candidates {
            addDescribedCandidate(candidate.candidateLine, to: agent)
        }
        if session.remoteICE.endOfCandidates { try agent.addRemoteEndOfCandidates() }
        let dtls = try makeDTLS(session, agent: agent)
        let (early, earlyEnd) = core.withLock { core -> ([String], Bool) in
            core.adopt(session)
            core.dtls = dtls
            core.signaling = .stable
            // Held DTLS datagrams go in before any newer one can reach the transport.
            let held = core.pending.take(.dtls, now: .now)
            core.counters.pendingDropped += held.expired
            for datagram in held.datagrams { _ = try? dtls.receive(datagram) }
            defer { core.earlyRemoteCandidates.removeAll() }
            return (core.earlyRemoteCandidates, core.earlyRemoteEndOfCandidates)
        }
        for line in early { addDescribedCandidate(line, to: agent) }
        if earlyEnd { try agent.addRemoteEndOfCandidates() }
        startDTLSIfReady()
    }

    private func addDescribedCandidate(_ line: String, to agent: ICEAgent) {
        do {
            try agent.addRemoteCandidate(line)
        } catch {
            core.withLock { core in
                if core.refusedRemoteCandidates.count < PeerConnectionCore.earlyCandidateLimit {
                    core.refusedRemoteCandidates.append("\(line): \(error)")
                }
            }
        }
    }

    private func makeDTLS(_ session: SDPNegotiatedSession, agent: ICEAgent) throws -> DTLSTransport {
        guard let announced = session.remoteFingerprint else { throw SDPNegotiationError.missingFingerprint }
        let fingerprint: DTLSFingerprint
        do {
            fingerprint = try DTLSFingerprint(algorithm: announced.algorithm, digest: announced.bytes)
        } catch {
            fail(.unusableRemoteFingerprint(String(describing: error)))
            throw error
        }
        let role: DTLSRole = session.localSetupRole == .active ? .client : .server
        return try DTLSTransport(role: role, certificate: configuration.certificate, remoteFingerprint: fingerprint,
                                 configuration: configuration.dtls) { datagram in
            // A flight ICE cannot send now is sent again by the retransmission timer.
            try? agent.send(datagram)
        }
    }
}
