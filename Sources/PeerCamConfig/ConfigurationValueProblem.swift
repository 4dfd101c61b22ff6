/// The rule a configuration value broke, one case per rule.
public enum ConfigurationValueProblem: Error, Equatable, Sendable, CustomStringConvertible {
    /// Environment and flag text that should be a decimal integer.
    case notAnInteger
    /// Environment and flag text that should be true/false, yes/no, on/off or 1/0.
    case notABoolean
    case outOfRange(ClosedRange<Int>)
    case notAbsolutePath
    /// `HOST:PORT`, `[IPv6]:PORT`; the port 1–65535.
    case notHostAndPort
    /// `WIDTHxHEIGHT`, both even (I420 chroma is subsampled 2×2), 16–4096.
    case notVideoSize
    /// `test`, `/dev/videoN` or `/dev/peercam/NAME`.
    case notVideoDevice
    /// `test`, `none`, or an ALSA PCM name such as `hw:1,0` or `default`.
    case notAudioDevice
    case notLogLevel
    /// Not a numeric IPv4 or IPv6 address.
    case notIPAddress(String)
    /// RFC 7064 / RFC 7065 URIs only: `stun:`, `turn:` or `turns:`.
    case notICEServerURL(String)
    /// A `turn:`/`turns:` server needs both `username` and `credential`.
    case turnServerWithoutCredentials
    case unknownICEServerField(String)
    /// The per-stream viewer cap exceeds the total cap.
    case perStreamCapAboveTotal
    /// The reconnect back-off's first delay exceeds its maximum.
    case initialDelayAboveMaximum
    /// Not `auto`, `always` or `never`.
    case notStatusLineMode
    case empty

    public var description: String {
        switch self {
        case .notAnInteger: "not a decimal integer"
        case .notABoolean: "not a boolean (true/false, yes/no, on/off, 1/0)"
        case .outOfRange(let range): "outside \(range.lowerBound)...\(range.upperBound)"
        case .notAbsolutePath: "not an absolute path"
        case .notHostAndPort: "not HOST:PORT (IPv6 as [ADDRESS]:PORT, port 1-65535)"
        case .notVideoSize: "not WIDTHxHEIGHT with even sides from 16 to 4096"
        case .notVideoDevice: "not 'test', /dev/videoN or /dev/peercam/NAME"
        case .notAudioDevice: "not 'test', 'none' or an ALSA device name like hw:1,0"
        case .notLogLevel: "not one of \(LogLevel.allCases.map(\.rawValue).joined(separator: ", "))"
        case .notIPAddress(let text): "'\(text)' is not a numeric IP address"
        case .notICEServerURL(let text): "'\(text)' is not a stun:, turn: or turns: URL"
        case .turnServerWithoutCredentials: "a TURN server needs username and credential"
        case .unknownICEServerField(let field): "unknown ICE server field '\(field)' (urls, username, credential)"
        case .perStreamCapAboveTotal: "the per-stream viewer cap is above the total cap"
        case .initialDelayAboveMaximum: "the first reconnect delay is above the maximum delay"
        case .notStatusLineMode: "not one of auto, always, never"
        case .empty: "must not be empty"
        }
    }
}
