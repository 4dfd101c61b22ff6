/// Everything that can go wrong opening or reading an ALSA capture device.
///
/// Overruns are not here: they are recovered from and counted
/// (`AudioCaptureStatistics.overruns`), because a capture loop that dies on the first
/// scheduling hiccup is worse than a 20 ms gap.
public enum AudioCaptureError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No such card, device or PCM name (`snd_pcm_open` said ENOENT/ENODEV/ENXIO).
    case deviceMissing(name: String)
    /// Another program holds the device (EBUSY): hardware PCMs open once.
    case deviceBusy(name: String)
    /// The device cannot capture 48 kHz signed 16-bit audio with this many channels.
    case unsupportedConfiguration(name: String, detail: String)
    /// The device went away while capturing (ENODEV, the USB microphone was unplugged).
    case deviceDisconnected(name: String)
    /// No audio arrived within the timeout: the device's clock stopped.
    case noAudioWithin(milliseconds: Int)
    /// An ALSA call failed for another reason.
    case alsa(ALSACallFailure)

    /// True when the session cannot deliver again and must be closed (and the device
    /// reopened); false when the next read may work (the device's clock stalled briefly).
    public var endsStream: Bool {
        switch self {
        case .noAudioWithin: false
        default: true
        }
    }

    public var description: String {
        switch self {
        case .deviceMissing(let name): "no ALSA capture device \(name)"
        case .deviceBusy(let name): "ALSA device \(name) is busy (another program is capturing)"
        case .unsupportedConfiguration(let name, let detail): "\(name) cannot capture \(detail)"
        case .deviceDisconnected(let name): "ALSA device \(name) disconnected"
        case .noAudioWithin(let milliseconds): "no audio within \(milliseconds) ms"
        case .alsa(let failure): failure.description
        }
    }
}
