#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Where a configuration value came from, so an error can point at it.
public enum ConfigurationSource: Equatable, Sendable, CustomStringConvertible {
    /// A line of a TOML file (1-based).
    case file(path: String, line: Int)
    /// A `PEERCAM_…` environment variable.
    case environment(variable: String)
    /// A command-line flag of the agent.
    case commandLine(flag: String)
    /// The built-in default (only blamed by rules that span two keys).
    case defaults

    public var description: String {
        switch self {
        case .file(let path, let line): "\(path):\(line)"
        case .environment(let variable): "environment variable \(variable)"
        case .commandLine(let flag): "command-line flag \(flag)"
        case .defaults: "built-in default"
        }
    }
}

/// Why an agent's configuration was refused; the agent prints it and stops.
///
/// Every case names the file (or variable, or flag), the key and the line, so
/// an operator can go straight to the mistake.
public enum ConfigurationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file exists (or was named explicitly) but cannot be read.
    case unreadableFile(path: String, errno: Int32)
    /// The file is not valid TOML 1.0.
    case tomlSyntax(path: String, line: Int, column: Int, message: String)
    /// A key the agent does not know: most often a typo that would otherwise
    /// be ignored silently.
    case unknownKey(key: String, source: ConfigurationSource)
    /// A value of the wrong TOML type (`fps = "30"`).
    case wrongType(key: String, expected: String, found: String, source: ConfigurationSource)
    /// A value of the right type that breaks the option's rule.
    case invalidValue(key: String, value: String, problem: ConfigurationValueProblem, source: ConfigurationSource)

    /// The source an error points at, when it points at one.
    public var source: ConfigurationSource? {
        switch self {
        case .unreadableFile, .tomlSyntax: nil
        case .unknownKey(_, let source), .wrongType(_, _, _, let source), .invalidValue(_, _, _, let source): source
        }
    }

    public var description: String {
        switch self {
        case .unreadableFile(let path, let errno):
            "\(path): cannot read configuration file: \(String(cString: strerror(errno)))"
        case .tomlSyntax(let path, let line, let column, let message):
            "\(path):\(line):\(column): TOML syntax error: \(message)"
        case .unknownKey(let key, let source):
            "\(source): unknown key '\(key)'"
        case .wrongType(let key, let expected, let found, let source):
            "\(source): '\(key)' must be \(expected), found \(found)"
        case .invalidValue(let key, let value, let problem, let source):
            "\(source): '\(key)' = \(value): \(problem)"
        }
    }
}
