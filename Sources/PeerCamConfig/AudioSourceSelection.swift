/// Which audio the camera agent captures, if any.
public enum AudioSourceSelection: Equatable, Sendable, CustomStringConvertible {
    /// The built-in test tone.
    case testTone
    /// No audio track is offered.
    case none
    /// An ALSA PCM name: `hw:1,0`, `plughw:CARD=Device,DEV=0`, `default`.
    case alsa(name: String)

    public init(parsing text: String) throws(ConfigurationValueProblem) {
        switch text {
        case "test": self = .testTone
        case "none": self = .none
        default:
            // ALSA names are identifiers with `:`, `,` and `=` for arguments;
            // anything else (spaces, slashes, empty) is a mistake, not a device.
            let allowed = text.unicodeScalars.allSatisfy {
                $0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil || ":,=_-.".unicodeScalars.contains($0))
            }
            guard !text.isEmpty, allowed, text.first != ":" else { throw .notAudioDevice }
            self = .alsa(name: text)
        }
    }

    public var description: String {
        switch self {
        case .testTone: "test"
        case .none: "none"
        case .alsa(let name): name
        }
    }
}
