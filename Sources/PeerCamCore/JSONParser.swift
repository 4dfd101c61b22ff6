import Foundation

/// A strict RFC 8259 JSON parser for untrusted signaling input.
///
/// Written here rather than using `JSONDecoder` because the protocol needs rules a
/// general decoder does not enforce: a repeated key in one object is an error (two
/// parsers on a relay path could otherwise disagree on which value counts), nesting is
/// bounded, and integers are told apart from fractions exactly. Any violation is
/// `JSONSyntaxError`; the caller reports it as `invalid-json`.
struct JSONParser {
    /// Deepest nesting of arrays/objects accepted; real messages use 3.
    static let maximumDepth = 32

    private let bytes: [UInt8]
    private var position = 0
    private var depth = 0

    /// Parses one complete JSON text (surrounding whitespace allowed, nothing else).
    static func parse(_ input: some Collection<UInt8>) throws(JSONSyntaxError) -> JSONValue {
        var parser = JSONParser(bytes: Array(input))
        parser.skipWhitespace()
        let value = try parser.parseValue()
        parser.skipWhitespace()
        guard parser.position == parser.bytes.count else { throw .unexpectedByte(offset: parser.position) }
        return value
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func skipWhitespace() {
        while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { position += 1 }
    }

    private mutating func parseValue() throws(JSONSyntaxError) -> JSONValue {
        guard let byte = current else { throw .unexpectedEnd }
        switch byte {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw .unexpectedByte(offset: position)
        }
    }

    private mutating func enterContainer() throws(JSONSyntaxError) {
        depth += 1
        guard depth <= Self.maximumDepth else { throw .nestingTooDeep }
        position += 1
        skipWhitespace()
    }

    private mutating func parseObject() throws(JSONSyntaxError) -> JSONValue {
        try enterContainer()
        defer { depth -= 1 }
        var fields: [String: JSONValue] = [:]
        if current == UInt8(ascii: "}") { position += 1; return .object(fields) }
        while true {
            guard current == UInt8(ascii: "\"") else { throw current == nil ? .unexpectedEnd : .unexpectedByte(offset: position) }
            let key = try parseString()
            skipWhitespace()
            try expect(UInt8(ascii: ":"))
            skipWhitespace()
            let value = try parseValue()
            guard fields.updateValue(value, forKey: key) == nil else { throw .duplicateKey(key) }
            skipWhitespace()
            if current == UInt8(ascii: "}") { position += 1; return .object(fields) }
            try expect(UInt8(ascii: ","))
            skipWhitespace()
        }
    }

    private mutating func parseArray() throws(JSONSyntaxError) -> JSONValue {
        try enterContainer()
        defer { depth -= 1 }
        var elements: [JSONValue] = []
        if current == UInt8(ascii: "]") { position += 1; return .array(elements) }
        while true {
            elements.append(try parseValue())
            skipWhitespace()
            if current == UInt8(ascii: "]") { position += 1; return .array(elements) }
            try expect(UInt8(ascii: ","))
            skipWhitespace()
        }
    }

    private mutating func parseString() throws(JSONSyntaxError) -> String {
        position += 1  // opening quote
        var utf8: [UInt8] = []
        while true {
            guard let byte = current else { throw .unexpectedEnd }
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                guard let text = String(bytes: utf8, encoding: .utf8) else { throw .invalidUTF8 }
                return text
            case UInt8(ascii: "\\"):
                try parseEscape(into: &utf8)
            case 0x00..<0x20:
                throw .unescapedControlCharacter(offset: position - 1)
            default:
                utf8.append(byte)
            }
        }
    }

    private mutating func parseEscape(into utf8: inout [UInt8]) throws(JSONSyntaxError) {
        guard let escape = current else { throw .unexpectedEnd }
        position += 1
        switch escape {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escape)
        case UInt8(ascii: "b"): utf8.append(0x08)
        case UInt8(ascii: "f"): utf8.append(0x0C)
        case UInt8(ascii: "n"): utf8.append(0x0A)
        case UInt8(ascii: "r"): utf8.append(0x0D)
        case UInt8(ascii: "t"): utf8.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try parseHexQuad()
            if (0xD800..<0xDC00).contains(scalar) {
                // RFC 8259 §7: a character outside the BMP is a UTF-16 surrogate pair.
                guard current == UInt8(ascii: "\\") else { throw .invalidUnicodeEscape(offset: position) }
                position += 1
                guard current == UInt8(ascii: "u") else { throw .invalidUnicodeEscape(offset: position) }
                position += 1
                let low = try parseHexQuad()
                guard (0xDC00..<0xE000).contains(low) else { throw .invalidUnicodeEscape(offset: position) }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw .invalidUnicodeEscape(offset: position) }
            utf8.append(contentsOf: Array(String(Character(unicode)).utf8))
        default:
            throw .unexpectedByte(offset: position - 1)
        }
    }

    private mutating func parseHexQuad() throws(JSONSyntaxError) -> UInt32 {
        guard position + 4 <= bytes.count else { throw .unexpectedEnd }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw .invalidUnicodeEscape(offset: position)
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }

    /// RFC 8259 §6: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    private mutating func parseNumber() throws(JSONSyntaxError) -> JSONValue {
        let start = position
        if current == UInt8(ascii: "-") { position += 1 }
        if current == UInt8(ascii: "0") {
            position += 1
        } else {
            guard skipDigits() > 0 else { throw .invalidNumber(offset: start) }
        }
        var isInteger = true
        if current == UInt8(ascii: ".") {
            position += 1
            isInteger = false
            guard skipDigits() > 0 else { throw .invalidNumber(offset: start) }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            position += 1
            isInteger = false
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
            guard skipDigits() > 0 else { throw .invalidNumber(offset: start) }
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        if isInteger, let integer = Int64(text) { return .integer(integer) }
        guard let number = Double(text), number.isFinite else { throw .invalidNumber(offset: start) }
        return .number(number)
    }

    private mutating func skipDigits() -> Int {
        let start = position
        while let byte = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { position += 1 }
        return position - start
    }

    private mutating func expectLiteral(_ literal: String) throws(JSONSyntaxError) {
        for byte in literal.utf8 { try expect(byte) }
    }

    private mutating func expect(_ byte: UInt8) throws(JSONSyntaxError) {
        guard let found = current else { throw .unexpectedEnd }
        guard found == byte else { throw .unexpectedByte(offset: position) }
        position += 1
    }
}

/// Why input is not acceptable JSON text (RFC 8259, plus the protocol's limits).
enum JSONSyntaxError: Error, Hashable {
    case unexpectedEnd
    case unexpectedByte(offset: Int)
    case unescapedControlCharacter(offset: Int)
    case invalidUnicodeEscape(offset: Int)
    case invalidUTF8
    case invalidNumber(offset: Int)
    case nestingTooDeep
    /// The same key twice in one object.
    case duplicateKey(String)
}
