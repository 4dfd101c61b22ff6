#if canImport(Glibc)
import Glibc
#endif
import CALSA
import Media

/// An open ALSA PCM configured the PeerCam way: interleaved s16 at exactly 48 kHz,
/// the requested channels, a period of one block. Closed when the value goes away.
///
/// Opened non-blocking so that a busy device fails at once with `.deviceBusy`
/// instead of waiting for its owner to let go.
final class ALSAPCMHandle {
    let pcm: OpaquePointer
    /// Period and ring-buffer sizes ALSA settled on, in samples per channel.
    let periodSize: Int
    let bufferSize: Int

    init(request: AudioCaptureRequest, stream: snd_pcm_stream_t) throws(AudioCaptureError) {
        let name = request.device
        var handle: OpaquePointer?
        do {
            try ALSACall.check("snd_pcm_open") { snd_pcm_open(&handle, name, stream, SND_PCM_NONBLOCK) }
        } catch {
            switch error.errno {
            case ENOENT, ENODEV, ENXIO: throw .deviceMissing(name: name)
            case EBUSY, EAGAIN: throw .deviceBusy(name: name)
            default: throw .alsa(error)
            }
        }
        guard let pcm = handle else { throw .deviceMissing(name: name) }
        do {
            (periodSize, bufferSize) = try Self.configure(pcm, request)
        } catch {
            snd_pcm_close(pcm)
            throw error
        }
        self.pcm = pcm
    }

    deinit { snd_pcm_close(pcm) }

    /// Sets interleaved s16 at exactly 48 kHz with the period nearest one block.
    /// Returns (period, buffer) in frames.
    static func configure(_ pcm: OpaquePointer, _ request: AudioCaptureRequest) throws(AudioCaptureError) -> (Int, Int) {
        let name = request.device
        var allocated: OpaquePointer?
        guard snd_pcm_hw_params_malloc(&allocated) == 0, let parameters = allocated else {
            throw .alsa(ALSACallFailure(call: "snd_pcm_hw_params_malloc", errno: ENOMEM))
        }
        defer { snd_pcm_hw_params_free(parameters) }
        func step(_ call: String, _ detail: String, _ body: () -> Int32) throws(AudioCaptureError) {
            do {
                try ALSACall.check(call, body)
            } catch {
                switch error.errno {
                case EINVAL: throw .unsupportedConfiguration(name: name, detail: detail)
                case ENODEV: throw .deviceDisconnected(name: name)
                default: throw .alsa(error)
                }
            }
        }
        try step("snd_pcm_hw_params_any", "any configuration") { snd_pcm_hw_params_any(pcm, parameters) }
        try step("snd_pcm_hw_params_set_access", "interleaved access") {
            snd_pcm_hw_params_set_access(pcm, parameters, SND_PCM_ACCESS_RW_INTERLEAVED)
        }
        try step("snd_pcm_hw_params_set_format", "signed 16-bit little-endian samples") {
            snd_pcm_hw_params_set_format(pcm, parameters, SND_PCM_FORMAT_S16_LE)
        }
        try step("snd_pcm_hw_params_set_channels", "\(request.channelCount) channels") {
            snd_pcm_hw_params_set_channels(pcm, parameters, UInt32(request.channelCount))
        }
        try step("snd_pcm_hw_params_set_rate", "48000 Hz") {
            snd_pcm_hw_params_set_rate(pcm, parameters, UInt32(AudioFrame.sampleRate), 0)
        }
        var period = snd_pcm_uframes_t(request.samplesPerBlock)
        var direction: Int32 = 0
        try step("snd_pcm_hw_params_set_period_size_near", "\(request.blockMilliseconds) ms periods") {
            snd_pcm_hw_params_set_period_size_near(pcm, parameters, &period, &direction)
        }
        var buffer = period * snd_pcm_uframes_t(max(request.periodCount, 2))
        try step("snd_pcm_hw_params_set_buffer_size_near", "a \(max(request.periodCount, 2))-period buffer") {
            snd_pcm_hw_params_set_buffer_size_near(pcm, parameters, &buffer)
        }
        try step("snd_pcm_hw_params", "this configuration") { snd_pcm_hw_params(pcm, parameters) }
        return (Int(period), Int(buffer))
    }
}
