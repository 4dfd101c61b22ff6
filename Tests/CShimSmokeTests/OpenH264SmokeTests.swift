import COpenH264
import Testing

@Suite("OpenH264 shim") struct OpenH264SmokeTests {
    @Test("OpenH264 reports version 2.x and creates an encoder and a decoder")
    func versionAndInstances() throws {
        let version = WelsGetCodecVersion()
        #expect(version.uMajor == 2)
        var encoder: UnsafeMutablePointer<ISVCEncoder?>?
        #expect(WelsCreateSVCEncoder(&encoder) == 0)
        let createdEncoder = try #require(encoder)
        var params = SEncParamExt()
        #expect(CPeerCam_h264_encoder_get_default_params(createdEncoder, &params) == 0)
        WelsDestroySVCEncoder(createdEncoder)
        var decoder: UnsafeMutablePointer<ISVCDecoder?>?
        #expect(WelsCreateDecoder(&decoder) == 0)
        WelsDestroyDecoder(decoder)
    }
}
