import DTLS
import SRTP

/// The receive path, on the ICE loop thread: RFC 7983 demux of every datagram ICE delivers
/// ([RFC 7983 §7](https://www.rfc-editor.org/rfc/rfc7983#section-7)), DTLS records to the
/// transport, SRTP/SRTCP to unprotect and on to the packet handler.
extension PeerConnection {
    func receive(_ datagram: UnsafeRawBufferPointer) {
        switch RTCPacketKind(classifying: datagram) {
        case .dtls: receiveDTLS(datagram)
        case .rtp: receiveSRTP(datagram, kind: .rtp)
        case .rtcp: receiveSRTP(datagram, kind: .rtcp)
        case .stun:
            // libnice consumes STUN itself; one reaching us is a stray and is counted.
            refuse("STUN datagram past the ICE agent") { $0.unrecognized += 1 }
        case .zrtp, .turnChannel, .unrecognized:
            refuse("first byte \(datagram.first ?? 0) names no protocol in use") { $0.unrecognized += 1 }
        }
    }

    private func receiveDTLS(_ datagram: UnsafeRawBufferPointer) {
        guard let dtls = readyLayer(\.dtls, orHold: datagram, for: .dtls) else { return }
        do {
            try dtls.receive(Array(datagram))
        } catch {
            if case .failed = dtls.state {
                // Handled below from the transport's state.
            } else {
                refuse("DTLS: \(error)") { $0.dtlsRejected += 1 }
            }
        }
        dtlsProgressed(dtls)
    }

    func receiveSRTP(_ datagram: UnsafeRawBufferPointer, kind: PeerConnectionReceivedPacket.Kind) {
        guard let srtp = readyLayer(\.srtp, orHold: datagram, for: .srtp) else { return }
        receiveBuffer.withLock { buffer in
            do {
                switch kind {
                case .rtp: try srtp.unprotectRTP(datagram, into: &buffer)
                case .rtcp: try srtp.unprotectRTCP(datagram, into: &buffer)
                }
            } catch {
                refuse("SRTP \(kind): \(error)") { $0.srtpRejected += 1 }
                return
            }
            buffer.withUnsafeBytes { bytes in
                let mid = core.withLock { core -> String? in
                    let mid = kind == .rtp ? core.router.route(rtp: bytes) : core.router.route(rtcp: bytes)
                    core.counters.delivered += 1
                    if mid == nil { core.counters.unrouted += 1 }
                    return mid
                }
                onPacket(PeerConnectionReceivedPacket(kind: kind, mid: mid, bytes: bytes))
            }
        }
    }

    /// Reacts to what the last DTLS call did: keys SRTP once connected, fails the connection
    /// on a handshake failure (a fingerprint mismatch names itself) or the peer's close_notify.
    func dtlsProgressed(_ dtls: DTLSTransport) {
        switch dtls.state {
        case .connected: keySRTP(from: dtls)
        case .failed(let error): fail(.dtls(error))
        case .closedByPeer: fail(.dtlsClosedByPeer)
        case .new, .handshaking, .closedLocally: break
        }
    }

    /// Derives the SRTP session from the DTLS exporter (RFC 5764 §4.2), declares the
    /// connection connected and replays SRTP that arrived before the keys.
    private func keySRTP(from dtls: DTLSTransport) {
        guard core.withLock({ $0.srtp == nil && !$0.state.isFinished }) else { return }
        let session: SRTPSession
        do throws(SRTPError) {
            guard let negotiated = dtls.srtpProfile, let profile = SRTPProtectionProfile(rawValue: negotiated.rawValue) else {
                throw .keyingMaterialExportFailed("no SRTP profile agreed")
            }
            let material = try SRTPKeyingMaterial(exporter: dtls, profile: profile,
                                                  role: dtls.role == .client ? .dtlsClient : .dtlsServer)
            session = try SRTPSession(keyingMaterial: material)
        } catch {
            fail(.srtpKeying(error))
            return
        }
        let held = core.withLock { core -> [[UInt8]] in
            guard core.srtp == nil, !core.state.isFinished else { return [] }
            core.srtp = session
            core.timerTask?.cancel()
            core.timerTask = nil
            core.deadlineTask?.cancel()
            core.deadlineTask = nil
            if core.transition(to: .connected) { stateContinuation.yield(.connected) }
            let held = core.pending.take(.srtp, now: .now)
            core.counters.pendingDropped += held.expired
            return held.datagrams
        }
        for datagram in held {
            let kind = RTCPacketKind(classifying: datagram)
            datagram.withUnsafeBytes { receiveSRTP($0, kind: kind == .rtcp ? .rtcp : .rtp) }
        }
    }

    /// The layer if it exists; otherwise the datagram is held for it (counted as held, or as
    /// dropped when the queue is full). Nothing is held once the connection finished.
    private func readyLayer<Layer: Sendable>(_ layer: KeyPath<PeerConnectionCore, Layer?>,
                                             orHold datagram: UnsafeRawBufferPointer,
                                             for pendingLayer: PendingDatagramQueue.Layer) -> Layer? {
        core.withLock { core -> Layer? in
            if let ready = core[keyPath: layer] { return ready }
            guard !core.state.isFinished else { return nil }
            if core.pending.hold(datagram, for: pendingLayer, now: .now) {
                core.counters.held += 1
            } else {
                core.counters.pendingDropped += 1
                core.counters.lastRefusal = "\(pendingLayer) datagram before its layer was ready: pending queue full"
            }
            return nil
        }
    }

    private func refuse(_ reason: @autoclosure () -> String, _ count: (inout PeerConnectionReceiveCounters) -> Void) {
        core.withLock { core in
            count(&core.counters)
            core.counters.lastRefusal = reason()
        }
    }
}

extension DTLSTransport: SRTPKeyingMaterialExporter {}
