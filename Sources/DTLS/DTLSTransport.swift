import COpenSSL
import Foundation

/// A DTLS 1.2 endpoint for DTLS-SRTP, independent of how datagrams travel.
///
/// Feed it every datagram the RFC 7983 demux classifies as DTLS (``receive(_:)``); it hands
/// the datagrams it wants sent to the `send` closure given at creation (the ICE component
/// carries them). After ``state`` reaches `.connected`, read ``srtpProfile`` and
/// ``exportKeyingMaterial(label:length:)`` to key SRTP
/// ([RFC 5764 §4.2](https://www.rfc-editor.org/rfc/rfc5764#section-4.2)).
///
/// Retransmission: OpenSSL keeps the timer; the owner asks ``nextTimeout`` after each call,
/// arms one timer for that long, and calls ``handleTimeout()`` when it fires.
///
/// - Important: Thread-safe. Every call takes an internal lock around OpenSSL; `send` is
///   called after the lock is released, on the calling thread, so it may call back in.
public final class DTLSTransport: @unchecked Sendable {
    public let role: DTLSRole
    public let localCertificate: DTLSCertificate
    public let remoteFingerprint: DTLSFingerprint

    private let lock = NSLock()
    private let send: @Sendable ([UInt8]) -> Void
    private let link: DTLSDatagramLink
    private let context: OpaquePointer  // SSL_CTX *
    private let ssl: OpaquePointer  // SSL *
    private var currentState: DTLSTransportState = .new
    private var negotiatedProfile: DTLSSRTPProtectionProfile?
    private var scratch = [UInt8](repeating: 0, count: 2048)
    /// Bytes held before ``start()``; bounded so a flood cannot grow memory without limit.
    private var heldBeforeStart = 0
    static let holdLimitBeforeStart = 64 * 1024

    /// - Parameters:
    ///   - role: from `a=setup` (see ``DTLSRole``).
    ///   - certificate: made once per agent; never generated here.
    ///   - remoteFingerprint: the peer's `a=fingerprint`; its certificate must hash to it.
    ///   - send: called with each datagram to put on the wire, outside the lock.
    public init(role: DTLSRole, certificate: DTLSCertificate, remoteFingerprint: DTLSFingerprint,
                configuration: DTLSTransportConfiguration = DTLSTransportConfiguration(),
                send: @escaping @Sendable ([UInt8]) -> Void) throws(DTLSTransportError)
    {
        self.role = role
        self.localCertificate = certificate
        self.remoteFingerprint = remoteFingerprint
        self.send = send
        link = DTLSDatagramLink(expectedFingerprint: remoteFingerprint, configuration: configuration)
        context = try Self.makeContext(certificate: certificate, configuration: configuration)
        do {
            ssl = try Self.makeSession(context: context, link: link, role: role, mtu: configuration.mtu)
        } catch {
            SSL_CTX_free(context)
            throw error
        }
    }

    deinit {
        SSL_free(ssl)
        SSL_CTX_free(context)
    }

    /// Where the transport is now.
    public var state: DTLSTransportState { lock.withLock { currentState } }

    /// The profile both sides agreed through `use_srtp`; set once `.connected`.
    public var srtpProfile: DTLSSRTPProtectionProfile? { lock.withLock { negotiatedProfile } }

    /// Begins the handshake: a client sends its ClientHello, a server processes any
    /// ClientHello that arrived before this call.
    @discardableResult
    public func start() throws(DTLSTransportError) -> DTLSTransportState {
        try withLockThenSend { () throws(DTLSTransportError) in
            guard currentState == .new else { throw .invalidState(currentState) }
            currentState = .handshaking
            try advanceHandshake()
            return currentState
        }
    }

    /// Processes one received DTLS datagram and returns the state after it.
    ///
    /// Before ``start()`` datagrams are held, not dropped, so a ClientHello that races the
    /// answer SDP is not lost. After ``close()`` the peer's answering close_notify is
    /// accepted; anything else is refused.
    /// - Throws: the handshake failure (the state becomes `.failed`), `.invalidState` after
    ///   the transport finished, `.applicationDataNotSupported` for data records.
    @discardableResult
    public func receive(_ datagram: [UInt8]) throws(DTLSTransportError) -> DTLSTransportState {
        try withLockThenSend { () throws(DTLSTransportError) in
            switch currentState {
            case .new:
                guard heldBeforeStart + datagram.count <= Self.holdLimitBeforeStart else {
                    throw .holdLimitBeforeStartReached(byteCount: heldBeforeStart)
                }
                heldBeforeStart += datagram.count
                writeInput(datagram)
            case .handshaking:
                writeInput(datagram)
                try advanceHandshake()
            case .connected:
                writeInput(datagram)
                try readRecords()
            case .closedLocally where SSL_get_shutdown(ssl) & SSL_SENT_SHUTDOWN != 0:
                writeInput(datagram)
                try acceptCloseNotifyAnswer()
            case .closedLocally, .closedByPeer, .failed:
                throw .invalidState(currentState)
            }
            return currentState
        }
    }

    /// How long until OpenSSL wants ``handleTimeout()`` called; `nil` when no flight is
    /// waiting for an answer.
    public var nextTimeout: Duration? {
        lock.withLock {
            guard !currentState.isFinished else { return nil }
            var remaining = timeval()
            guard CPeerCam_DTLSv1_get_timeout(ssl, &remaining) == 1 else { return nil }
            return .seconds(remaining.tv_sec) + .microseconds(remaining.tv_usec)
        }
    }

    /// Retransmits the last flight if its timer expired; does nothing if called early.
    /// - Throws: `.rfc6347RetransmissionLimitReached` when OpenSSL gives up on the peer.
    @discardableResult
    public func handleTimeout() throws(DTLSTransportError) -> DTLSTransportState {
        try withLockThenSend { () throws(DTLSTransportError) in
            guard currentState == .handshaking || currentState == .connected else { return currentState }
            OpenSSLErrorQueue.discard()
            if CPeerCam_DTLSv1_handle_timeout(ssl) < 0 {
                OpenSSLErrorQueue.discard()
                try fail(.rfc6347RetransmissionLimitReached)
            }
            return currentState
        }
    }

    /// Derives keying material from the master secret
    /// ([RFC 5705](https://www.rfc-editor.org/rfc/rfc5705)); for SRTP use the default label
    /// and the profile's ``DTLSSRTPProtectionProfile/keyingMaterialLength``.
    public func exportKeyingMaterial(label: String = "EXTRACTOR-dtls_srtp", length: Int)
        throws(DTLSTransportError) -> [UInt8]
    {
        lock.lock()
        defer { lock.unlock() }
        guard currentState == .connected else { throw .invalidState(currentState) }
        // RFC 5705 allows any length, but SRTP needs at most a few dozen bytes.
        guard (1...4096).contains(length) else { throw .keyingMaterialExportFailed("length \(length) outside 1…4096") }
        var output = [UInt8](repeating: 0, count: length)
        let labelBytes = Array(label.utf8)
        OpenSSLErrorQueue.discard()
        guard SSL_export_keying_material(ssl, &output, length, labelBytes.map { CChar(bitPattern: $0) },
                                         labelBytes.count, nil, 0, 0) == 1 else {
            throw .keyingMaterialExportFailed(OpenSSLErrorQueue.drain())
        }
        return output
    }

    /// Ends the association: sends close_notify when connected, abandons a handshake
    /// otherwise. Safe to call more than once.
    public func close() {
        withLockThenSend { () -> Void in
            switch currentState {
            case .connected:
                OpenSSLErrorQueue.discard()
                _ = SSL_shutdown(ssl)
                OpenSSLErrorQueue.discard()
                currentState = .closedLocally
            case .new, .handshaking:
                currentState = .closedLocally
            case .closedLocally, .closedByPeer, .failed:
                break
            }
        }
    }

    // MARK: - Under the lock

    private func advanceHandshake() throws(DTLSTransportError) {
        OpenSSLErrorQueue.discard()
        let result = SSL_do_handshake(ssl)
        guard result == 1 else {
            let code = SSL_get_error(ssl, result)
            if code == SSL_ERROR_WANT_READ || code == SSL_ERROR_WANT_WRITE { return }
            // OpenSSL also runs the retransmission timer while reading, and may give up there.
            let timedOut = ERR_GET_REASON(ERR_peek_error()) == SSL_R_READ_TIMEOUT_EXPIRED
            let reason = OpenSSLErrorQueue.drain()
            if timedOut { try fail(.rfc6347RetransmissionLimitReached) }
            if let presented = link.presentedFingerprint {
                try fail(.rfc8122FingerprintMismatch(expected: remoteFingerprint, presented: presented))
            }
            try fail(.handshakeFailed(reason))
        }
        try completeHandshake()
        // The peer may have sent a close_notify in the same datagram as its last flight.
        try readRecords()
    }

    /// Checks the peer certificate once more (defence in depth beside the verify callback)
    /// and the SRTP profile, then declares the transport connected.
    private func completeHandshake() throws(DTLSTransportError) {
        guard let peer = SSL_get1_peer_certificate(ssl) else { try fail(.rfc5763PeerCertificateMissing) }
        let presented = DTLSFingerprint.digest(of: peer, algorithm: remoteFingerprint.algorithm)
        X509_free(peer)
        guard presented == remoteFingerprint else {
            try fail(.rfc8122FingerprintMismatch(expected: remoteFingerprint, presented: presented))
        }
        guard let selected = SSL_get_selected_srtp_profile(ssl),
              let profile = DTLSSRTPProtectionProfile(rawValue: UInt16(truncatingIfNeeded: selected.pointee.id))
        else { try fail(.rfc5764NoSRTPProfileAgreed) }
        negotiatedProfile = profile
        currentState = .connected
    }

    /// Drains records after the handshake: retransmitted flights (OpenSSL answers them),
    /// close_notify, or unexpected application data.
    private func readRecords() throws(DTLSTransportError) {
        while currentState == .connected {
            OpenSSLErrorQueue.discard()
            let count = scratch.withUnsafeMutableBytes { SSL_read(ssl, $0.baseAddress, Int32($0.count)) }
            if count > 0 { throw .applicationDataNotSupported(byteCount: Int(count)) }
            let code = SSL_get_error(ssl, count)
            switch code {
            case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
                return
            case SSL_ERROR_ZERO_RETURN:
                // Answer the peer's close_notify with ours, as TLS asks.
                _ = SSL_shutdown(ssl)
                OpenSSLErrorQueue.discard()
                currentState = .closedByPeer
            default:
                try fail(.connectionFailed(OpenSSLErrorQueue.drain()))
            }
        }
    }

    /// After our close_notify, the peer's close_notify is the only record we expect.
    private func acceptCloseNotifyAnswer() throws(DTLSTransportError) {
        OpenSSLErrorQueue.discard()
        let count = scratch.withUnsafeMutableBytes { SSL_read(ssl, $0.baseAddress, Int32($0.count)) }
        let code = SSL_get_error(ssl, count)
        OpenSSLErrorQueue.discard()
        guard code == SSL_ERROR_ZERO_RETURN || code == SSL_ERROR_WANT_READ else { throw .invalidState(currentState) }
    }

    private func writeInput(_ datagram: [UInt8]) {
        _ = datagram.withUnsafeBytes { BIO_write(SSL_get_rbio(ssl), $0.baseAddress, Int32($0.count)) }
    }

    private func fail(_ error: DTLSTransportError) throws(DTLSTransportError) -> Never {
        currentState = .failed(error)
        throw error
    }

    /// Runs `body` under the lock, then sends what OpenSSL wrote, even when `body` threw
    /// (an alert must still reach the peer).
    private func withLockThenSend<T>(_ body: () throws(DTLSTransportError) -> T) throws(DTLSTransportError) -> T {
        lock.lock()
        let result: Result<T, DTLSTransportError>
        do throws(DTLSTransportError) { result = .success(try body()) } catch { result = .failure(error) }
        let datagrams = link.takeOutbound()
        lock.unlock()
        for datagram in datagrams { send(datagram) }
        return try result.get()
    }

    private func withLockThenSend(_ body: () -> Void) {
        lock.lock()
        body()
        let datagrams = link.takeOutbound()
        lock.unlock()
        for datagram in datagrams { send(datagram) }
    }
}
