import AudioCapture
import VideoCapture

/// Every camera and microphone this machine offers: what `camera-agent probe` prints
/// (as text for people, as JSON for scripts and provisioning tools).
public struct CaptureDeviceReport: Sendable, Codable, Equatable, CustomStringConvertible {
    public var videoDevices: [VideoDeviceDescription]
    public var audioDevices: [AudioCaptureDeviceDescription]
    /// Devices that exist but could not be examined (busy, no permission), with why.
    public var problems: [String]

    public init(videoDevices: [VideoDeviceDescription], audioDevices: [AudioCaptureDeviceDescription], problems: [String]) {
        self.videoDevices = videoDevices
        self.audioDevices = audioDevices
        self.problems = problems
    }

    /// Probes V4L2 (`/dev/video*` under `videoDirectory`) and ALSA now.
    public static func probe(videoDirectory: String = "/dev") -> CaptureDeviceReport {
        let video = VideoDeviceProbe.run(directory: videoDirectory)
        let audio = AudioDeviceProbe.run()
        return CaptureDeviceReport(videoDevices: video.devices, audioDevices: audio.devices,
                                   problems: video.skipped.map(\.description) + audio.skipped.map(\.description))
    }

    /// An indented listing, one device per block, one format per line.
    public var description: String {
        var lines: [String] = ["Video capture devices: \(videoDevices.count)"]
        for device in videoDevices {
            lines.append("  \(device.path)  \(device.card) [\(device.driver), \(device.busInfo)]")
            for format in device.formats {
                let sizes = format.sizes.map(Self.describe).joined(separator: ", ")
                lines.append("    \(format.pixelFormat) (\(format.name)): \(sizes)")
            }
        }
        lines.append("Audio capture devices: \(audioDevices.count)")
        lines += audioDevices.map { "  \($0)" }
        if !problems.isEmpty {
            lines.append("Problems:")
            lines += problems.map { "  \($0)" }
        }
        return lines.joined(separator: "\n")
    }

    static func describe(_ size: VideoFrameSizeDescription) -> String {
        let rates: String
        switch size.intervals {
        case .discrete(let intervals):
            rates = intervals.map { Self.rate($0.framesPerSecond) }.joined(separator: "/")
        case .stepwise(let shortest, let longest, _):
            rates = "\(Self.rate(longest.framesPerSecond))–\(Self.rate(shortest.framesPerSecond))"
        }
        let dimensions = size.isDiscrete
            ? "\(size.maximumWidth)x\(size.maximumHeight)"
            : "\(size.minimumWidth)x\(size.minimumHeight)–\(size.maximumWidth)x\(size.maximumHeight)"
        return "\(dimensions)@\(rates)"
    }

    /// A rate without trailing zeros: 30, 29.97, 7.5.
    static func rate(_ framesPerSecond: Double) -> String {
        let hundredths = Int((framesPerSecond * 100).rounded())
        if hundredths % 100 == 0 { return "\(hundredths / 100)" }
        if hundredths % 10 == 0 { return "\(hundredths / 100).\(hundredths % 100 / 10)" }
        return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
    }
}
