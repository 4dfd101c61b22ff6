/// Catches input that toml++ (through TOMLKit) would mishandle, and reports
/// it as the syntax error it is.
///
/// - Text is handed to toml++ as a C string, so a NUL byte would silently cut
///   the file short: everything after it would be ignored.
/// - Bytes that are not UTF-8 (TOML 1.0 requires it) would otherwise reach the
///   parser as replacement characters and could pass inside comments.
/// - A malformed table header:
/// toml++ 3.4 (inside TOMLKit 0.6.0) asserts, and so aborts the whole agent in
/// a debug build, on a header whose `[` or `[[` is followed by something that
/// cannot start a key (`[` alone on a line, `[ #`, `[=`). Release builds
/// report a normal parse error there. Found by the seeded mutation test; until
/// toml++ is fixed, this scan reports the same error itself, so a typo in a
/// configuration file can never crash the agent.
///
/// It follows just enough of TOML 1.0 to know where a header can start: at the
/// beginning of a line, outside strings, comments, arrays and inline tables.
enum TOMLInputGuard {
    struct Finding: Equatable {
        let line: Int
        let column: Int
        let message: String
    }

    /// The first line holding bytes that are not UTF-8, if any.
    static func checkEncoding(_ bytes: [UInt8]) -> Finding? {
        for (index, line) in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated()
        where String(validating: line, as: UTF8.self) == nil {
            return Finding(line: index + 1, column: 1, message: "not valid UTF-8 (TOML files must be UTF-8)")
        }
        return nil
    }

    static func check(_ text: String) -> Finding? {
        if let nul = text.unicodeScalars.firstIndex(of: "\u{0}") {
            let before = text.unicodeScalars[..<nul]
            let line = before.filter { $0 == "\n" }.count + 1
            let column = before.count - (before.lastIndex(of: "\n").map { before.distance(from: before.startIndex, to: $0) + 1 } ?? 0) + 1
            return Finding(line: line, column: column, message: "NUL character")
        }
        let scalars = Array(text.unicodeScalars)
        var index = 0
        var line = 1
        var lineStart = 0
        var nesting = 0 // open `[` of array values plus open `{` of inline tables
        var atLineStart = true

        func peek(_ offset: Int = 0) -> Unicode.Scalar? {
            index + offset < scalars.count ? scalars[index + offset] : nil
        }
        func startsWith(_ delimiter: String) -> Bool {
            delimiter.unicodeScalars.enumerated().allSatisfy { peek($0.offset) == $0.element }
        }

        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\n" {
                line += 1
                index += 1
                lineStart = index
                atLineStart = true
                continue
            }
            if scalar == " " || scalar == "\t" || scalar == "\r" {
                index += 1
                continue
            }
            if atLineStart && nesting == 0 && scalar == "[" {
                index += peek(1) == "[" ? 2 : 1
                while let next = peek(), next == " " || next == "\t" { index += 1 }
                if let next = peek(), !canFollowHeaderBracket(next) {
                    return Finding(line: line, column: index - lineStart + 1,
                                   message: "table header: expected a key after '[', found '\(next.escaped(asASCII: true))'")
                }
                atLineStart = false
                continue
            }
            atLineStart = false
            switch scalar {
            case "#":
                while let next = peek(), next != "\n" { index += 1 }
                continue
            case "\"", "'":
                let triple = String(repeating: String(scalar), count: 3)
                if startsWith(triple) {
                    index += 3
                    while index < scalars.count && !startsWith(triple) {
                        if scalar == "\"" && scalars[index] == "\\" { index += 1 }
                        if index < scalars.count && scalars[index] == "\n" { line += 1; lineStart = index + 1 }
                        index += 1
                    }
                    index += 3
                } else {
                    index += 1
                    while let next = peek(), next != scalar, next != "\n" {
                        index += (scalar == "\"" && next == "\\") ? 2 : 1
                    }
                    if peek() == scalar { index += 1 }
                }
                continue
            case "[", "{":
                nesting += 1
            case "]", "}":
                nesting = max(0, nesting - 1)
            default:
                break
            }
            index += 1
        }
        return nil
    }

    /// What toml++ accepts right after a header's bracket (and blanks): a bare
    /// key character, a quote, or `]` (which it reports as an empty key).
    private static func canFollowHeaderBracket(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "A"..."Z", "a"..."z", "0"..."9", "_", "-", "\"", "'", "]": true
        default: false
        }
    }
}
