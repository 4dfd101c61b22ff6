/// Command line of `capture-check`. Every value has a default that matches the vivid +
/// snd-aloop set-up of `scripts/test-capture-vm`.
struct CaptureCheckOptions {
    enum Mode { case check, unplugVideo, unplugAudio, probe, playTone }

    var mode = Mode.check
    var videoDevice = "/dev/video0"
    var audioDevice = "hw:CARD=Loopback,DEV=1"
    var width = 640
    var height = 480
    var framesPerSecond = 25.0
    var frames = 25
    var audioSeconds = 1.0
    var audioChannels = 2
    /// Native formats to run the camera from, one run each ("any" lets scoring choose).
    var videoSourceFormats = ["any", "YUYV"]

    init(arguments: [String]) throws(CaptureCheckFailure) {
        var rest = arguments.dropFirst()
        while let flag = rest.popFirst() {
            func value() throws(CaptureCheckFailure) -> String {
                guard let value = rest.popFirst() else { throw CaptureCheckFailure("\(flag) needs a value") }
                return value
            }
            func number() throws(CaptureCheckFailure) -> Double {
                let text = try value()
                guard let number = Double(text) else { throw CaptureCheckFailure("\(flag): \(text) is not a number") }
                return number
            }
            switch flag {
            case "--probe": mode = .probe
            case "--unplug-video": mode = .unplugVideo
            case "--unplug-audio": mode = .unplugAudio
            case "--play-tone": mode = .playTone
            case "--video": videoDevice = try value()
            case "--audio": audioDevice = try value()
            case "--width": width = Int(try number())
            case "--height": height = Int(try number())
            case "--fps": framesPerSecond = try number()
            case "--frames": frames = Int(try number())
            case "--audio-seconds": audioSeconds = try number()
            case "--channels": audioChannels = Int(try number())
            case "--formats": videoSourceFormats = try value().split(separator: ",").map(String.init)
            default: throw CaptureCheckFailure("unknown option \(flag)")
            }
        }
    }
}

/// Why the check failed, printed before exiting non-zero.
struct CaptureCheckFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
