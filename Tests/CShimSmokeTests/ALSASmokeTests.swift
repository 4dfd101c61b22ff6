import CALSA
import Testing

@Suite("ALSA shim") struct ALSASmokeTests {
    @Test("alsa-lib reports its version and refuses a capture device that does not exist")
    func versionAndMissingDevice() {
        #expect(String(cString: snd_asoundlib_version()).hasPrefix("1."))
        var pcm: OpaquePointer?
        let result = snd_pcm_open(&pcm, "hw:PeerCamNoSuchCard,0", SND_PCM_STREAM_CAPTURE, 0)
        #expect(result < 0)
        #expect(!String(cString: snd_strerror(result)).isEmpty)
    }
}
