import COpenSSL

/// What OpenSSL's callbacks of one ``DTLSTransport`` read and write: the datagrams the
/// handshake produced, the fingerprint the peer must present, and the retransmission base.
///
/// OpenSSL reaches it through an unretained pointer in the `SSL`'s app data and the write
/// BIO's data; the transport owns it and only touches it while holding its lock, which is
/// also the only time OpenSSL runs the callbacks.
final class DTLSDatagramLink {
    let expectedFingerprint: DTLSFingerprint
    let initialRetransmitMicroseconds: UInt32
    let maximumRetransmitMicroseconds: UInt32
    /// Datagrams OpenSSL wrote, each one `BIO_write` = one record flight fragment ≤ MTU.
    var outbound: [[UInt8]] = []
    /// Set by the verify callback when the leaf certificate's digest is not the expected one.
    var presentedFingerprint: DTLSFingerprint?

    init(expectedFingerprint: DTLSFingerprint, configuration: DTLSTransportConfiguration) {
        self.expectedFingerprint = expectedFingerprint
        initialRetransmitMicroseconds = configuration.initialRetransmitMicroseconds
        maximumRetransmitMicroseconds = configuration.maximumRetransmitMicroseconds
    }

    func takeOutbound() -> [[UInt8]] {
        defer { outbound.removeAll() }
        return outbound
    }

    var opaque: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    static func from(_ pointer: UnsafeMutableRawPointer?) -> DTLSDatagramLink? {
        pointer.map { Unmanaged<DTLSDatagramLink>.fromOpaque($0).takeUnretainedValue() }
    }

    static func from(ssl: OpaquePointer?) -> DTLSDatagramLink? {
        from(SSL_get_ex_data(ssl, appDataIndex))
    }

    /// `SSL_set_app_data` is a macro for ex-data slot 0.
    static let appDataIndex: Int32 = 0

    // MARK: - OpenSSL callbacks (non-capturing, so they convert to C function pointers)

    /// A write-only BIO that turns every `BIO_write` into one outbound datagram.
    ///
    /// A memory BIO would concatenate the records of a flight and lose the datagram
    /// boundaries OpenSSL sized to the MTU; this BIO keeps them. Reading still goes through
    /// a memory BIO, where concatenation is harmless because DTLS records carry their length.
    nonisolated(unsafe) static let writeMethod: OpaquePointer? = {
        guard let method = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "peercam-dtls-datagram")
        else { return nil }
        _ = BIO_meth_set_write(method) { bio, data, length in
            guard let link = DTLSDatagramLink.from(BIO_get_data(bio)), let data, length > 0 else { return -1 }
            link.outbound.append(Array(UnsafeRawBufferPointer(start: data, count: Int(length))))
            return length
        }
        _ = BIO_meth_set_ctrl(method) { _, command, _, _ in
            // Flush must succeed; everything else (MTU queries, peer address) has no answer.
            command == BIO_CTRL_FLUSH ? 1 : 0
        }
        _ = BIO_meth_set_create(method) { bio in
            BIO_set_init(bio, 1)
            return 1
        }
        return method
    }()

    /// Accepts the self-signed leaf if, and only if, its digest is the SDP fingerprint.
    ///
    /// Checking here rather than after the handshake means a wrong certificate aborts the
    /// handshake with a `bad_certificate` alert the peer sees, before any key is derived
    /// ([RFC 8122 §6.2](https://www.rfc-editor.org/rfc/rfc8122#section-6.2)).
    static let verifyCallback: @convention(c) (Int32, OpaquePointer?) -> Int32 = { _, store in
        // Chain certificates above the leaf carry no meaning in WebRTC: only the leaf is pinned.
        guard X509_STORE_CTX_get_error_depth(store) == 0 else { return 1 }
        guard let certificate = X509_STORE_CTX_get_current_cert(store),
              let sslPointer = X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx()),
              let link = from(ssl: OpaquePointer(sslPointer))
        else { return 0 }
        let presented = DTLSFingerprint.digest(of: certificate, algorithm: link.expectedFingerprint.algorithm)
        guard presented == link.expectedFingerprint else {
            link.presentedFingerprint = presented
            // Rejected, not unknown: makes OpenSSL send bad_certificate rather than unknown_ca.
            X509_STORE_CTX_set_error(store, X509_V_ERR_CERT_REJECTED)
            return 0
        }
        X509_STORE_CTX_set_error(store, X509_V_OK)
        return 1
    }

    /// Retransmission back-off: the configured base, doubled per timeout, up to the ceiling
    /// ([RFC 6347 §4.2.4.1](https://www.rfc-editor.org/rfc/rfc6347#section-4.2.4.1)).
    static let timerCallback: @convention(c) (OpaquePointer?, UInt32) -> UInt32 = { ssl, previous in
        guard let link = from(ssl: ssl) else { return 1_000_000 }
        guard previous > 0 else { return link.initialRetransmitMicroseconds }
        return min(previous.multipliedReportingOverflow(by: 2).partialValue, link.maximumRetransmitMicroseconds)
    }
}
