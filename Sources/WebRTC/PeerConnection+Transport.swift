import DTLS
import ICE

/// Drives the layers below from ICE events: the state machine, trickled local candidates,
/// starting DTLS once a pair works, and DTLS retransmissions while the handshake runs.
extension PeerConnection {
    func handle(_ event: ICEEvent) {
        switch event {
        case .localCandidate(let candidate):
            if let mid = core.withLock({ $0.bundleMid }) {
                candidateContinuation.yield(.candidate(candidate.sdp, mid: mid))
            }
        case .gatheringComplete:
            if let mid = core.withLock({ $0.bundleMid }) {
                candidateContinuation.yield(.endOfCandidates(mid: mid))
            }
        case .stateChanged(let state):
            switch state {
            case .checking:
                advance(to: .checking)
            case .connected, .completed:
                core.withLock { $0.iceConnected = true }
                advance(to: .checking)
                startDTLSIfReady()
            case .failed:
                fail(.iceFailed)
            case .new, .gathering, .disconnected, .closed:
                // libnice may recover from `disconnected`; consent loss arrives as `failed`.
                break
            }
        case .selectedPairChanged:
            break
        }
    }

    /// Starts the handshake once both ICE is connected and the DTLS transport exists (the
    /// remote description is applied), whichever comes last.
    func startDTLSIfReady() {
        let dtls = core.withLock { core -> DTLSTransport? in
            guard core.iceConnected, !core.dtlsStarted, !core.state.isFinished, let dtls = core.dtls else { return nil }
            core.dtlsStarted = true
            return dtls
        }
        guard let dtls else { return }
        do {
            try dtls.start()
        } catch {
            fail(.dtls(error))
            return
        }
        dtlsProgressed(dtls)
        startRetransmissionTimer(dtls)
    }

    /// One task per connection asks OpenSSL when its flight timer expires and lets it
    /// retransmit (RFC 6347 §4.2.4); it ends when the handshake does.
    private func startRetransmissionTimer(_ dtls: DTLSTransport) {
        let task = Task { [weak self] in
            while !Task.isCancelled, dtls.state == .handshaking {
                let wait = min(max(dtls.nextTimeout ?? .milliseconds(50), .milliseconds(1)), .milliseconds(250))
                try? await Task.sleep(for: wait)
                guard !Task.isCancelled else { return }
                _ = try? dtls.handleTimeout()
                self?.dtlsProgressed(dtls)
            }
        }
        core.withLock { core in
            if core.state.isFinished || core.srtp != nil { task.cancel() } else { core.timerTask = task }
        }
    }
}
