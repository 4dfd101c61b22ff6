import Foundation
import TOMLKit

/// Why one value could not be read: the loader adds the key and the source.
enum ConfigurationValueError: Error, Equatable {
    case wrongType(expected: String, found: String)
    case invalid(ConfigurationValueProblem)
}

/// A type an option can hold, readable from TOML and from the text of an
/// environment variable, with the same rules for both.
protocol ConfigurationValue: Equatable, Sendable {
    /// How the expected TOML type is named in errors ("an integer").
    static var expectedTOMLType: String { get }
    init(toml value: any TOMLValueConvertible) throws(ConfigurationValueError)
    init(text: String) throws(ConfigurationValueError)
    /// The value as an operator would write it, for error messages.
    var configurationText: String { get }
}

extension ConfigurationValue {
    static func wrongType(_ value: any TOMLValueConvertible) -> ConfigurationValueError {
        .wrongType(expected: expectedTOMLType, found: "a TOML \(value.type.description)")
    }
}

/// Text-valued options share one shape: a TOML string, parsed by the type.
protocol TextConfigurationValue: ConfigurationValue {
    init(parsing text: String) throws(ConfigurationValueProblem)
}

extension TextConfigurationValue {
    static var expectedTOMLType: String { "a string" }

    init(toml value: any TOMLValueConvertible) throws(ConfigurationValueError) {
        guard let text = value.string else { throw Self.wrongType(value) }
        try self.init(text: text)
    }

    init(text: String) throws(ConfigurationValueError) {
        do throws(ConfigurationValueProblem) {
            try self.init(parsing: text)
        } catch {
            throw .invalid(error)
        }
    }
}

/// Text values are shown as the TOML string an operator would write.
extension TextConfigurationValue where Self: CustomStringConvertible {
    var configurationText: String { "\"\(description)\"" }
}

/// Enumerations named by their raw value (`log_level = "info"`).
extension TextConfigurationValue where Self: RawRepresentable, RawValue == String {
    var configurationText: String { "\"\(rawValue)\"" }
}

extension String: TextConfigurationValue {
    init(parsing text: String) throws(ConfigurationValueProblem) { self = text }
}

extension HostPort: TextConfigurationValue {}
extension VideoSize: TextConfigurationValue {}
extension VideoSourceSelection: TextConfigurationValue {}
extension AudioSourceSelection: TextConfigurationValue {}
extension LogLevel: TextConfigurationValue {}

extension Int: ConfigurationValue {
    static var expectedTOMLType: String { "an integer" }

    init(toml value: any TOMLValueConvertible) throws(ConfigurationValueError) {
        guard let integer = value.int else { throw Self.wrongType(value) }
        self = integer
    }

    init(text: String) throws(ConfigurationValueError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.allSatisfy(\.isASCII), let integer = Int(trimmed) else { throw .invalid(.notAnInteger) }
        self = integer
    }

    var configurationText: String { String(self) }
}

extension Bool: ConfigurationValue {
    static var expectedTOMLType: String { "a boolean" }

    init(toml value: any TOMLValueConvertible) throws(ConfigurationValueError) {
        guard let boolean = value.bool else { throw Self.wrongType(value) }
        self = boolean
    }

    /// systemd's own spellings of booleans, so unit files and env files agree.
    init(text: String) throws(ConfigurationValueError) {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "1", "true", "yes", "on": self = true
        case "0", "false", "no", "off": self = false
        default: throw .invalid(.notABoolean)
        }
    }

    var configurationText: String { String(self) }
}

extension Array: ConfigurationValue where Element == String {
    static var expectedTOMLType: String { "an array of strings" }

    init(toml value: any TOMLValueConvertible) throws(ConfigurationValueError) {
        guard let array = value.array else { throw Self.wrongType(value) }
        var strings: [String] = []
        for element in array {
            guard let text = element.string else { throw Self.wrongType(element) }
            strings.append(text)
        }
        self = strings
    }

    /// Comma-separated in the environment: `PEERCAM_ICE_HOST_ADDRESSES=10.0.0.2,fd00::2`.
    init(text: String) throws(ConfigurationValueError) {
        self = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    var configurationText: String { "[" + map { "\"\($0)\"" }.joined(separator: ", ") + "]" }
}

extension Optional: ConfigurationValue where Wrapped: ConfigurationValue {
    static var expectedTOMLType: String { Wrapped.expectedTOMLType }

    init(toml value: any TOMLValueConvertible) throws(ConfigurationValueError) {
        self = .some(try Wrapped(toml: value))
    }

    /// An empty variable unsets the option (`PEERCAM_CAMERA=`).
    init(text: String) throws(ConfigurationValueError) {
        self = text.isEmpty ? nil : .some(try Wrapped(text: text))
    }

    var configurationText: String { map(\.configurationText) ?? "(unset)" }
}
