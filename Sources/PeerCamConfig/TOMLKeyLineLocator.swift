import Foundation

/// Finds the line on which a TOML key is written.
///
/// TOMLKit reports positions for syntax errors only, not for the values it
/// returns, so type and value errors would otherwise lack a line. This scan
/// follows table headers (`[video]`, `[[ice.servers]]`) and `key = value`
/// lines (bare, quoted or dotted keys), skipping comments and multi-line
/// strings: enough for configuration files, which the parser has already
/// accepted by the time this runs.
struct TOMLKeyLineLocator {
    private var lines: [String: Int] = [:]

    init(text: String) {
        var table: [String] = []
        var openMultilineDelimiter: String?
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = index + 1
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if let delimiter = openMultilineDelimiter {
                if line.contains(delimiter) { openMultilineDelimiter = nil }
                continue
            }
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("[") {
                let isArray = line.hasPrefix("[[")
                let body = line.dropFirst(isArray ? 2 : 1).prefix { $0 != "]" }
                table = Self.keyPath(String(body))
                record(table, line: lineNumber)
                continue
            }
            guard let equals = Self.assignmentIndex(in: line) else { continue }
            let keyPath = table + Self.keyPath(String(line[..<equals]))
            record(keyPath, line: lineNumber)
            let value = line[line.index(after: equals)...]
            for delimiter in ["\"\"\"", "'''"] where value.components(separatedBy: delimiter).count == 2 {
                openMultilineDelimiter = delimiter
            }
        }
    }

    /// The line of `key` (dotted), or of its nearest enclosing table, or 1.
    func line(of key: String) -> Int {
        var parts = key.split(separator: ".").map(String.init)
        while !parts.isEmpty {
            if let line = lines[parts.joined(separator: ".")] { return line }
            parts.removeLast()
        }
        return 1
    }

    private mutating func record(_ keyPath: [String], line: Int) {
        let key = keyPath.joined(separator: ".")
        if lines[key] == nil { lines[key] = line }
    }

    /// The `=` of `key = value`, outside quotes.
    private static func assignmentIndex(in line: String) -> String.Index? {
        var quote: Character?
        for index in line.indices {
            let character = line[index]
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "=" {
                return index
            }
        }
        return nil
    }

    /// `a."b.c" . d` → ["a", "b.c", "d"].
    private static func keyPath(_ text: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var quote: Character?
        for character in text {
            if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "." {
                parts.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            } else {
                current.append(character)
            }
        }
        parts.append(current.trimmingCharacters(in: .whitespaces))
        return parts
    }
}
