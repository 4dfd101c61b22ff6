/// Which video the camera agent captures.
public enum VideoSourceSelection: Equatable, Sendable, CustomStringConvertible {
    /// The built-in moving test pattern (no device needed: demos and tests).
    case testPattern
    /// A V4L2 capture node: `/dev/videoN`, or a stable udev name
    /// `/dev/peercam/NAME` from udev/70-peercam.rules.
    case device(path: String)

    public init(parsing text: String) throws(ConfigurationValueProblem) {
        if text == "test" {
            self = .testPattern
            return
        }
        let isVideoNode = text.hasPrefix("/dev/video") && text.count > "/dev/video".count
            && text.dropFirst("/dev/video".count).allSatisfy(\.isASCII)
            && text.dropFirst("/dev/video".count).allSatisfy(\.isNumber)
        let stableName = text.dropFirst("/dev/peercam/".count)
        let isStableName = text.hasPrefix("/dev/peercam/") && !stableName.isEmpty
            && !stableName.contains("/") && stableName != "." && stableName != ".."
        guard isVideoNode || isStableName else { throw .notVideoDevice }
        self = .device(path: text)
    }

    public var description: String {
        switch self {
        case .testPattern: "test"
        case .device(let path): path
        }
    }
}
