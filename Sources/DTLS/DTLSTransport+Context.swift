import COpenSSL

extension DTLSTransport {
    /// Builds the `SSL_CTX` for one transport: DTLS 1.2 only, our certificate, ECDHE-ECDSA
    /// suites, `use_srtp` with the configured profiles, and a peer certificate required both
    /// ways and checked by fingerprint.
    static func makeContext(certificate: DTLSCertificate, configuration: DTLSTransportConfiguration)
        throws(DTLSTransportError) -> OpaquePointer
    {
        guard let context = SSL_CTX_new(DTLS_method()) else {
            throw .contextSetupFailed(OpenSSLErrorQueue.drain())
        }
        let profiles = configuration.srtpProfiles.map(\.openSSLName).joined(separator: ":")
        guard CPeerCam_SSL_CTX_set_min_proto_version(context, DTLS1_2_VERSION) == 1,
              CPeerCam_SSL_CTX_set_max_proto_version(context, DTLS1_2_VERSION) == 1,
              SSL_CTX_use_certificate(context, certificate.certificate) == 1,
              SSL_CTX_use_PrivateKey(context, certificate.privateKey) == 1,
              SSL_CTX_check_private_key(context) == 1,
              SSL_CTX_set_cipher_list(context, DTLSTransportConfiguration.cipherList) == 1,
              CPeerCam_SSL_CTX_set1_groups_list(context, DTLSTransportConfiguration.groups) == 1,
              !profiles.isEmpty,
              SSL_CTX_set_tlsext_use_srtp(context, profiles) == 0  // 0 means success here
        else {
            SSL_CTX_free(context)
            throw .contextSetupFailed(OpenSSLErrorQueue.drain())
        }
        _ = CPeerCam_SSL_CTX_set_datagram_link_options(context)
        SSL_CTX_set_verify(context, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT,
                           DTLSDatagramLink.verifyCallback)
        return context
    }

    /// Creates the `SSL` with a memory BIO for input and a datagram BIO for output.
    static func makeSession(context: OpaquePointer, link: DTLSDatagramLink, role: DTLSRole, mtu: Int)
        throws(DTLSTransportError) -> OpaquePointer
    {
        guard let ssl = SSL_new(context) else { throw .contextSetupFailed(OpenSSLErrorQueue.drain()) }
        guard let method = DTLSDatagramLink.writeMethod,
              let input = BIO_new(BIO_s_mem()),
              let output = BIO_new(method) ?? { BIO_free(input); return nil }()
        else {
            SSL_free(ssl)
            throw .contextSetupFailed("BIO creation: " + OpenSSLErrorQueue.drain())
        }
        // An empty input BIO means "no datagram yet" (retry), not end of file.
        _ = CPeerCam_BIO_set_mem_eof_return(input, -1)
        BIO_set_data(output, link.opaque)
        SSL_set_bio(ssl, input, output)  // the SSL owns both BIOs from here
        _ = SSL_set_ex_data(ssl, DTLSDatagramLink.appDataIndex, link.opaque)
        DTLS_set_timer_cb(ssl, DTLSDatagramLink.timerCallback)
        guard CPeerCam_SSL_set_mtu(ssl, mtu) == mtu else {  // answers the MTU it set, 0 if refused
            SSL_free(ssl)
            throw .contextSetupFailed("MTU \(mtu) refused: " + OpenSSLErrorQueue.drain())
        }
        switch role {
        case .client: SSL_set_connect_state(ssl)
        case .server: SSL_set_accept_state(ssl)
        }
        return ssl
    }
}
