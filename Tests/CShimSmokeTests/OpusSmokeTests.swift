import COpus
import Testing

@Suite("libopus shim") struct OpusSmokeTests {
    @Test("libopus reports its version and encodes 20 ms of silence")
    func encodeSilence() throws {
        #expect(String(cString: opus_get_version_string()).hasPrefix("libopus 1."))
        var error: Int32 = 0
        let encoder = try #require(opus_encoder_create(48000, 2, OPUS_APPLICATION_VOIP, &error))
        defer { opus_encoder_destroy(encoder) }
        #expect(error == OPUS_OK)
        #expect(CPeerCam_opus_set_bitrate(encoder, 32000) == OPUS_OK)
        var bitrate: Int32 = 0
        #expect(CPeerCam_opus_get_bitrate(encoder, &bitrate) == OPUS_OK)
        #expect(bitrate == 32000)
        let pcm = [Int16](repeating: 0, count: 960 * 2)
        var packet = [UInt8](repeating: 0, count: 1500)
        let length = opus_encode(encoder, pcm, 960, &packet, Int32(packet.count))
        #expect(length > 0)
    }
}
