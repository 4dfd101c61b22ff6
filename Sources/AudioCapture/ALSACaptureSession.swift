#if canImport(Glibc)
import Glibc
#endif
import CALSA
import Media

/// A microphone capturing into this process: 48 kHz, s16, mono or stereo, in blocks of
/// 10 or 20 ms. Open and configure in `init`, then `read(into:timeout:)` in a loop on
/// one thread.
///
/// - Important: The PCM is opened non-blocking so a busy device fails at once with
///   `.deviceBusy` instead of waiting for its owner, and reads wait in poll()
///   (`snd_pcm_wait`) for at most the timeout. An overrun is recovered from
///   (`snd_pcm_prepare`, counted in `statistics.overruns`) and the stream goes on;
///   a vanished device ends it with `.deviceDisconnected`.
public final class ALSACaptureSession {
    public let request: AudioCaptureRequest
    public internal(set) var statistics = AudioCaptureStatistics()

    let handle: ALSAPCMHandle
    var pcm: OpaquePointer { handle.pcm }
    /// Period and ring-buffer sizes ALSA settled on, in samples per channel.
    public var periodSize: Int { handle.periodSize }
    public var bufferSize: Int { handle.bufferSize }
    var timeline = AudioCaptureTimeline()

    public init(request: AudioCaptureRequest) throws(AudioCaptureError) {
        let name = request.device
        guard request.channelCount == 1 || request.channelCount == 2 else {
            throw .unsupportedConfiguration(name: name, detail: "\(request.channelCount) channels (PeerCam takes 1 or 2)")
        }
        guard request.blockMilliseconds == 10 || request.blockMilliseconds == 20 else {
            throw .unsupportedConfiguration(name: name, detail: "\(request.blockMilliseconds) ms blocks (10 or 20)")
        }
        handle = try ALSAPCMHandle(request: request, stream: SND_PCM_STREAM_CAPTURE)
        // snd_pcm_hw_params leaves the PCM prepared: the first read starts it.
        self.request = request
    }

    /// A block of the requested length to pass to `read(into:timeout:)` again and again.
    public func makeFrame() -> AudioFrame {
        AudioFrame(channelCount: request.channelCount, samplesPerChannel: request.samplesPerBlock)
    }
}
