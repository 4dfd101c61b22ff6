#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import TOMLKit

/// A rule over two options (the per-stream cap may not exceed the total),
/// checked once all sources are merged and blamed on whichever key was set last.
struct ConfigurationCrossRule<Root> {
    let keys: [String]
    let check: (Root) -> ConfigurationValueProblem?
}

/// Merges the layers of an agent's configuration in order — built-in
/// defaults, then the TOML file, then `PEERCAM_…` environment variables,
/// then command-line flags — remembering where each value came from, so that
/// a broken rule is reported against the file line, variable or flag that
/// set it.
struct ConfigurationLoader<Root> {
    let options: [ConfigurationOption<Root>]
    let crossRules: [ConfigurationCrossRule<Root>]
    private(set) var origins: [String: (source: ConfigurationSource, order: Int)] = [:]
    private var nextOrder = 0

    init(options: [ConfigurationOption<Root>], crossRules: [ConfigurationCrossRule<Root>] = []) {
        self.options = options
        self.crossRules = crossRules
    }

    // MARK: File

    /// Applies the file at `path`. A missing file is fine when `required` is
    /// false (the default path on a box that has none), an error otherwise.
    mutating func applyFile(at path: String, required: Bool, to root: inout Root) throws(ConfigurationError) {
        let bytes: [UInt8]
        switch Self.readFile(at: path) {
        case .success(let contents): bytes = contents
        case .failure(let failure):
            if failure.code == ENOENT && !required { return }
            throw .unreadableFile(path: path, errno: failure.code)
        }
        if let finding = TOMLInputGuard.checkEncoding(bytes) {
            throw .tomlSyntax(path: path, line: finding.line, column: finding.column, message: finding.message)
        }
        try applyTOML(String(decoding: bytes, as: UTF8.self), path: path, to: &root)
    }

    /// Applies TOML text that came from `path` (named in errors).
    mutating func applyTOML(_ text: String, path: String, to root: inout Root) throws(ConfigurationError) {
        if let finding = TOMLInputGuard.check(text) {
            throw .tomlSyntax(path: path, line: finding.line, column: finding.column, message: finding.message)
        }
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw .tomlSyntax(path: path, line: error.source.begin.line, column: error.source.begin.column,
                              message: error.description)
        } catch {
            throw .tomlSyntax(path: path, line: 1, column: 1, message: "\(error)")
        }
        let locator = TOMLKeyLineLocator(text: text)
        var errors: [(line: Int, error: ConfigurationError)] = []
        walk(table, prefix: "", path: path, locator: locator, root: &root, errors: &errors)
        if let first = errors.min(by: { $0.line < $1.line }) { throw first.error }
        try checkOptions(root)
    }

    private mutating func walk(
        _ table: TOMLTable, prefix: String, path: String, locator: TOMLKeyLineLocator,
        root: inout Root, errors: inout [(line: Int, error: ConfigurationError)]
    ) {
        for key in table.keys {
            let fullKey = prefix.isEmpty ? key : "\(prefix).\(key)"
            let line = locator.line(of: fullKey)
            let source = ConfigurationSource.file(path: path, line: line)
            guard let value = table[key] else { continue }
            if let option = options.first(where: { $0.key == fullKey }) {
                do throws(ConfigurationValueError) {
                    try option.readTOML(&root, value)
                    record(fullKey, source)
                } catch {
                    errors.append((line, Self.error(error, key: fullKey, text: "\(value)", source: source)))
                }
            } else if options.contains(where: { $0.key.hasPrefix(fullKey + ".") }) {
                guard let subtable = value.table else {
                    errors.append((line, .wrongType(key: fullKey, expected: "a table", found: "a TOML \(value.type.description)",
                                                    source: source)))
                    continue
                }
                walk(subtable, prefix: fullKey, path: path, locator: locator, root: &root, errors: &errors)
            } else {
                errors.append((line, .unknownKey(key: fullKey, source: source)))
            }
        }
    }

    // MARK: Environment

    /// Applies every `PEERCAM_…` variable that names an option. Unrelated
    /// variables are left alone: both agents share the prefix.
    mutating func applyEnvironment(_ environment: [String: String], to root: inout Root) throws(ConfigurationError) {
        for option in options {
            guard let variable = option.environmentVariable, let text = environment[variable],
                  let readText = option.readText else { continue }
            let source = ConfigurationSource.environment(variable: variable)
            do throws(ConfigurationValueError) {
                try readText(&root, text)
                record(option.key, source)
            } catch {
                throw Self.error(error, key: option.key, text: text, source: source)
            }
        }
        try checkOptions(root)
    }

    // MARK: Command line

    /// Applies a typed command-line value when the flag was given.
    mutating func applyOverride<Value>(
        _ value: Value?, to keyPath: WritableKeyPath<Root, Value>, key: String, flag: String, root: inout Root
    ) {
        guard let value else { return }
        root[keyPath: keyPath] = value
        record(key, .commandLine(flag: flag))
    }

    // MARK: Rules

    /// Checks every option's rule and the cross-option rules.
    func checkOptions(_ root: Root) throws(ConfigurationError) {
        var failures: [(order: Int, error: ConfigurationError)] = []
        for option in options {
            guard let problem = option.check(root) else { continue }
            let origin = origins[option.key] ?? (.defaults, -1)
            failures.append((origin.order, .invalidValue(key: option.key, value: option.currentText(root),
                                                         problem: problem, source: origin.source)))
        }
        if let first = failures.min(by: { $0.order < $1.order }) { throw first.error }
        for rule in crossRules {
            guard let problem = rule.check(root) else { continue }
            let blamed = rule.keys.max { (origins[$0]?.order ?? -1) < (origins[$1]?.order ?? -1) } ?? rule.keys[0]
            let text = options.first { $0.key == blamed }.map { $0.currentText(root) } ?? ""
            throw .invalidValue(key: blamed, value: text, problem: problem, source: origins[blamed]?.source ?? .defaults)
        }
    }

    /// Where `key`'s current value came from.
    func source(of key: String) -> ConfigurationSource {
        origins[key]?.source ?? .defaults
    }

    private mutating func record(_ key: String, _ source: ConfigurationSource) {
        origins[key] = (source, nextOrder)
        nextOrder += 1
    }

    private static func error(
        _ error: ConfigurationValueError, key: String, text: String, source: ConfigurationSource
    ) -> ConfigurationError {
        switch error {
        case .wrongType(let expected, let found):
            .wrongType(key: key, expected: expected, found: found, source: source)
        case .invalid(let problem):
            .invalidValue(key: key, value: text, problem: problem, source: source)
        }
    }

    /// Reads a whole file, keeping `errno` for the error message.
    private static func readFile(at path: String) -> Result<[UInt8], Int32Error> {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(Int32Error(errno)) }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(Int32Error(errno))
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[..<count])
        }
        return .success(bytes)
    }
}

/// An errno value carried through `Result`.
struct Int32Error: Error, Equatable {
    let code: Int32
    init(_ code: Int32) { self.code = code }
}
