#if canImport(Glibc)
import Glibc
#endif
import CALSA
import Media

/// Plays `AudioFrame`s into an ALSA device.
///
/// PeerCam's camera side only captures; this exists so a real-driver test can feed
/// snd-aloop's playback side (`hw:Loopback,0`) and check that what
/// `ALSACaptureSession` reads from the capture side (`hw:Loopback,1`) is that signal,
/// not just the right number of zeros. Underruns are recovered from and counted.
public final class ALSAPlaybackStream {
    public let request: AudioCaptureRequest
    public private(set) var underruns: UInt64 = 0
    let handle: ALSAPCMHandle

    public init(request: AudioCaptureRequest) throws(AudioCaptureError) {
        handle = try ALSAPCMHandle(request: request, stream: SND_PCM_STREAM_PLAYBACK)
        self.request = request
    }

    /// Queues all of `frame`, waiting up to `timeout` each time the ring buffer is full.
    public func write(_ frame: AudioFrame, timeout: MediaDuration) throws(AudioCaptureError) {
        guard frame.channelCount == request.channelCount else {
            throw .unsupportedConfiguration(name: request.device, detail: "\(frame.channelCount)-channel frames on a \(request.channelCount)-channel stream")
        }
        let total = frame.samplesPerChannel, channels = frame.channelCount
        var written = 0
        while written < total {
            let result = frame.samples.withUnsafeBufferPointer { samples -> Int in
                guard let base = samples.baseAddress else { return 0 }
                return snd_pcm_writei(handle.pcm, base + written * channels, snd_pcm_uframes_t(total - written))
            }
            if result > 0 {
                written += result
                continue
            }
            let code = Int32(clamping: result)
            switch -code {
            case 0, EAGAIN:
                let ready = snd_pcm_wait(handle.pcm, Int32(clamping: timeout.nanoseconds / 1_000_000))
                if ready == 0 { throw .noAudioWithin(milliseconds: Int(timeout.nanoseconds / 1_000_000)) }
                if ready < 0, ready != -EPIPE { throw Self.failure(ready, "snd_pcm_wait", request.device) }
            case EPIPE:
                underruns += 1
                do { try ALSACall.check("snd_pcm_prepare") { snd_pcm_prepare(handle.pcm) } } catch { throw .alsa(error) }
            default:
                throw Self.failure(code, "snd_pcm_writei", request.device)
            }
        }
    }

    static func failure(_ code: Int32, _ call: String, _ name: String) -> AudioCaptureError {
        -code == ENODEV ? .deviceDisconnected(name: name) : .alsa(ALSACallFailure(call: call, errno: -code))
    }
}
