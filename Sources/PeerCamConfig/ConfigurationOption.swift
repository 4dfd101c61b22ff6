import TOMLKit

/// One option of an agent's configuration: its TOML key, its environment
/// variable, where it lives in the configuration value, and its rule.
///
/// The option tables (`CameraAgentConfiguration.options`) are the single
/// list the file loader, the environment reader and the override validation
/// all walk, so a new option cannot be forgotten by one of them.
struct ConfigurationOption<Root> {
    /// Dotted TOML key: `video.fps`.
    let key: String
    /// `PEERCAM_…`, or nil for options only a file can express.
    let environmentVariable: String?
    let readTOML: (inout Root, any TOMLValueConvertible) throws(ConfigurationValueError) -> Void
    let readText: ((inout Root, String) throws(ConfigurationValueError) -> Void)?
    /// Checks the current value; nil when it is fine.
    let check: (Root) -> ConfigurationValueProblem?
    /// The current value as written in TOML, for error messages.
    let currentText: (Root) -> String

    /// An option holding a plain ``ConfigurationValue``.
    static func value<Value: ConfigurationValue>(
        _ key: String,
        environment: String?,
        _ keyPath: WritableKeyPath<Root, Value>,
        rule: @escaping (Value) -> ConfigurationValueProblem? = { _ in nil }
    ) -> ConfigurationOption {
        ConfigurationOption(
            key: key,
            environmentVariable: environment,
            readTOML: { (root: inout Root, value: any TOMLValueConvertible) throws(ConfigurationValueError) in
                root[keyPath: keyPath] = try Value(toml: value)
            },
            readText: { (root: inout Root, text: String) throws(ConfigurationValueError) in
                root[keyPath: keyPath] = try Value(text: text)
            },
            check: { rule($0[keyPath: keyPath]) },
            currentText: { $0[keyPath: keyPath].configurationText })
    }

    /// An integer option limited to `range`.
    static func integer(
        _ key: String, environment: String?, _ keyPath: WritableKeyPath<Root, Int>, in range: ClosedRange<Int>
    ) -> ConfigurationOption {
        value(key, environment: environment, keyPath) { range.contains($0) ? nil : .outOfRange(range) }
    }

    /// A path option: absolute, because the agent's working directory under
    /// systemd is `/` and relative paths would surprise.
    static func absolutePath(
        _ key: String, environment: String?, _ keyPath: WritableKeyPath<Root, String>
    ) -> ConfigurationOption {
        value(key, environment: environment, keyPath) { $0.hasPrefix("/") ? nil : .notAbsolutePath }
    }
}

/// Rules shared by the option tables.
enum ConfigurationRule {
    static func ipAddresses(_ addresses: [String]) -> ConfigurationValueProblem? {
        addresses.first { !IPAddressText.isIP($0) }.map { .notIPAddress($0) }
    }
}
