import AudioCapture
import VideoCapture

/// Opens each device twice: the second open must fail with `.deviceBusy`, not hang
/// waiting for the first owner and not fail with something vaguer.
enum BusyCheck {
    static func run(_ options: CaptureCheckOptions) -> String {
        "BUSY_RESULT video=\(video(options)) audio=\(audio(options))"
    }

    static func video(_ options: CaptureCheckOptions) -> String {
        let request = VideoCaptureRequest(width: options.width, height: options.height, framesPerSecond: options.framesPerSecond)
        do {
            let owner = try V4L2CaptureSession(path: options.videoDevice, request: request)
            defer { owner.stop() }
            _ = try V4L2CaptureSession(path: options.videoDevice, request: request)
            return "opened-twice"
        } catch .deviceBusy {
            return "deviceBusy"
        } catch {
            return "other:\(error)".replacingSpaces
        }
    }

    static func audio(_ options: CaptureCheckOptions) -> String {
        // One subdevice named explicitly: the second open cannot move on to the next free one.
        let request = AudioCaptureRequest(device: options.audioDevice + ",SUBDEV=0", channelCount: options.audioChannels)
        do {
            let owner = try ALSACaptureSession(request: request)
            _ = try ALSACaptureSession(request: request)
            _ = owner
            return "opened-twice"
        } catch .deviceBusy {
            return "deviceBusy"
        } catch {
            return "other:\(error)".replacingSpaces
        }
    }
}

extension String {
    /// The text with spaces as underscores, to stay one field of a result line.
    var replacingSpaces: String { String(map { $0 == " " ? "_" : $0 }) }
}
