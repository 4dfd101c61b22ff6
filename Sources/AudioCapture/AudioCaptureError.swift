#if canImport(Glibc)
import Glibc
#endif
import CALSA

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

/// A failed ALSA call: which call and the negative errno it returned.
public struct ALSACallFailure: Error, Equatable, Sendable, CustomStringConvertible {
    public let call: String
    /// The positive errno (ALSA returns `-errno`).
    public let errno: Int32

    public init(call: String, errno: Int32) {
        self.call = call
        self.errno = errno
    }

    public var description: String {
        "\(call) failed: \(String(cString: snd_strerror(-errno))) (errno \(errno))"
    }
}

/// The one place ALSA return codes become errors: retries -EINTR, names the call.
enum ALSACall {
    @discardableResult
    static func check(_ call: String, _ body: () -> Int32) throws(ALSACallFailure) -> Int32 {
        while true {
            let result = body()
            if result >= 0 { return result }
            if result == -EINTR { continue }
            throw ALSACallFailure(call: call, errno: -result)
        }
    }
}
