import COpenSSL
import Testing

@Suite("OpenSSL shim") struct OpenSSLSmokeTests {
    @Test("OpenSSL 3 answers its version and creates a DTLS context")
    func versionAndDTLSContext() throws {
        let version = String(cString: CPeerCam_OpenSSL_version_text())
        #expect(version.hasPrefix("OpenSSL 3."))
        let context = try #require(SSL_CTX_new(DTLS_method()))
        defer { SSL_CTX_free(context) }
        // SSL_CTX_set_tlsext_use_srtp returns 0 on success.
        #expect(SSL_CTX_set_tlsext_use_srtp(context, "SRTP_AEAD_AES_128_GCM:SRTP_AES128_CM_SHA1_80") == 0)
    }

    @Test("EVP_EC_gen wrapper makes a P-256 key")
    func p256Key() throws {
        let key = try #require(CPeerCam_EVP_EC_gen("P-256"))
        defer { EVP_PKEY_free(key) }
        #expect(EVP_PKEY_get_bits(key) == 256)
    }
}
