import Glibc
import SRTP
import Testing

@Suite("libsrtp initialisation")
struct SRTPLibraryTests {
    @Test("Sessions still work when something else in the process called srtp_init (again)")
    func sessionsSurviveForeignInit() throws {
        // A second srtp_init answers bad_param in libsrtp 2.5; it must not poison sessions.
        // Called through dlsym as another library would, since only the SRTP module imports CSRTP.
        let library = try #require(dlopen("libsrtp2.so.1", RTLD_NOW))
        defer { dlclose(library) }
        let symbol = try #require(dlsym(library, "srtp_init"))
        let foreignInit = unsafeBitCast(symbol, to: (@convention(c) () -> UInt32).self)
        _ = foreignInit()
        #expect(foreignInit() != 0, "libsrtp 2.5 refuses a repeated srtp_init; if this changes the guard can go")
        let exported = (0..<SRTPProtectionProfile.aeadAES128GCM.keyingMaterialLength).map { UInt8($0) }
        let sender = try SRTPSession(keyingMaterial: SRTPKeyingMaterial(exported: exported, profile: .aeadAES128GCM, role: .dtlsClient))
        let receiver = try SRTPSession(keyingMaterial: SRTPKeyingMaterial(exported: exported, profile: .aeadAES128GCM, role: .dtlsServer))
        let plain = TestPackets.rtp(ssrc: 99, sequence: 1)
        #expect(try receiver.unprotectRTP(try sender.protectRTP(plain)) == plain)
    }
}
