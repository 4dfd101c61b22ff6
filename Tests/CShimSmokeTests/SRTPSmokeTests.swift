import CSRTP
import Testing

@Suite("libsrtp2 shim") struct SRTPSmokeTests {
    @Test("libsrtp2 initialises and reports a 2.x version")
    func versionAndInit() {
        #expect(String(cString: srtp_get_version_string()).contains("2."))
        #expect(srtp_init() == srtp_err_status_ok)
    }
}
