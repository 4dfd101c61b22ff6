import CSRTP
import Testing

@Suite("libsrtp2 shim") struct SRTPSmokeTests {
    // srtp_init is process-global (a second call reports bad_param), and the SRTP
    // module owns it; the smoke test only asks the library who it is.
    @Test("libsrtp2 links and reports a 2.x version")
    func version() {
        #expect(String(cString: srtp_get_version_string()).contains("2."))
        #expect(srtp_get_version() >> 24 == 2)
    }
}
