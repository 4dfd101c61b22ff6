import Testing
@testable import PeerCamCore

@Suite("Strict JSON parser (RFC 8259)")
struct JSONParserTests {
    static func nested(_ depth: Int) -> String {
        String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
    }

    @Test(arguments: [
        ("{}", JSONValue.object([:])),
        (" \t\r\n[]\n", .array([])),
        (#"{"a" : [1, -2, 3.5, 1e3, true, false, null, "x"]}"#, .object(["a": .array([
            .integer(1), .integer(-2), .number(3.5), .number(1000), .bool(true), .bool(false), .null, .string("x"),
        ])])),
        (#""\u00e9\ud83d\ude00\n\"\\\/\b\f\r\t""#, .string("é😀\n\"\\/\u{8}\u{C}\r\t")),
        (#""é😀""#, .string("é😀")),
        ("-0", .integer(0)),
        ("9223372036854775807", .integer(Int64.max)),
        ("-9223372036854775808", .integer(Int64.min)),
        ("9223372036854775808", .number(9_223_372_036_854_775_808)),
        ("0.5e-2", .number(0.005)),
        ("1E+2", .number(100)),
        (#"{"a":{"a":1}}"#, .object(["a": .object(["a": .integer(1)])])),   // same key at different levels is fine
    ])
    func parsesValidJSON(text: String, value: JSONValue) throws {
        #expect(try JSONParser.parse(Array(text.utf8)) == value)
    }

    @Test func acceptsNestingUpToTheLimit() throws {
        _ = try JSONParser.parse(Array(Self.nested(JSONParser.maximumDepth).utf8))
    }

    static let invalid: [(String, [UInt8], JSONSyntaxError)] = [
        ("empty", [], .unexpectedEnd),
        ("duplicate key", Array(#"{"a":1,"a":2}"#.utf8), .duplicateKey("a")),
        ("duplicate nested key", Array(#"{"p":{"x":1,"x":1}}"#.utf8), .duplicateKey("x")),
        ("duplicate key, other value type", Array(#"{"a":1,"b":2,"a":null}"#.utf8), .duplicateKey("a")),
        ("nesting one too deep", Array(nested(JSONParser.maximumDepth + 1).utf8), .nestingTooDeep),
        ("leading zero", Array("01".utf8), .unexpectedByte(offset: 1)),
        ("fraction without digits", Array("1.".utf8), .invalidNumber(offset: 0)),
        ("lone minus", Array("-".utf8), .invalidNumber(offset: 0)),
        ("leading dot", Array(".5".utf8), .unexpectedByte(offset: 0)),
        ("exponent without digits", Array("1e".utf8), .invalidNumber(offset: 0)),
        ("plus sign", Array("+1".utf8), .unexpectedByte(offset: 0)),
        ("number overflowing double", Array("1e999".utf8), .invalidNumber(offset: 0)),
        ("NaN", Array("NaN".utf8), .unexpectedByte(offset: 0)),
        ("raw control character in string", Array("\"a\u{01}\"".utf8), .unescapedControlCharacter(offset: 2)),
        ("raw newline in string", Array("\"a\nb\"".utf8), .unescapedControlCharacter(offset: 2)),
        ("lone high surrogate", Array(#""\ud800""#.utf8), .invalidUnicodeEscape(offset: 7)),
        ("high surrogate then letter", Array(#""\ud800\u0041""#.utf8), .invalidUnicodeEscape(offset: 13)),
        ("lone low surrogate", Array(#""\udc00""#.utf8), .invalidUnicodeEscape(offset: 7)),
        ("bad hex digit", Array(#""\u12G4""#.utf8), .invalidUnicodeEscape(offset: 5)),
        ("unknown escape", Array(#""\q""#.utf8), .unexpectedByte(offset: 2)),
        ("unterminated string", Array(#""abc"#.utf8), .unexpectedEnd),
        ("trailing comma in array", Array("[1,]".utf8), .unexpectedByte(offset: 3)),
        ("trailing comma in object", Array(#"{"a":1,}"#.utf8), .unexpectedByte(offset: 7)),
        ("unquoted key", Array("{a:1}".utf8), .unexpectedByte(offset: 1)),
        ("missing colon", Array(#"{"a" 1}"#.utf8), .unexpectedByte(offset: 5)),
        ("truncated literal", Array("tru".utf8), .unexpectedEnd),
        ("misspelt literal", Array("trux".utf8), .unexpectedByte(offset: 3)),
        ("two documents", Array("[] []".utf8), .unexpectedByte(offset: 3)),
        ("byte order mark", [0xEF, 0xBB, 0xBF, 0x7B, 0x7D], .unexpectedByte(offset: 0)),
        ("invalid UTF-8 in string", [0x22, 0xC3, 0x28, 0x22], .invalidUTF8),
        ("UTF-8 encoded surrogate", [0x22, 0xED, 0xA0, 0x80, 0x22], .invalidUTF8),
        ("overlong UTF-8", [0x22, 0xC0, 0xAF, 0x22], .invalidUTF8),
        ("single quotes", Array("'a'".utf8), .unexpectedByte(offset: 0)),
    ]

    struct InvalidCase: Sendable, CustomTestStringConvertible {
        let name: String
        let input: [UInt8]
        let error: JSONSyntaxError
        var testDescription: String { name }
    }

    @Test(arguments: invalid.map { InvalidCase(name: $0.0, input: $0.1, error: $0.2) })
    func rejectsInvalidJSON(_ sample: InvalidCase) {
        #expect(throws: sample.error) { try JSONParser.parse(sample.input) }
    }

    @Test func encodedValuesParseBack() throws {
        let value = JSONValue.object([
            "text": .string("quote \" backslash \\ newline \n tab \t nul \u{0} é 😀 </script>"),
            "numbers": .array([.integer(Int64.min), .integer(Int64.max), .number(0.25)]),
            "nested": .object(["empty": .object([:]), "list": .array([.null, .bool(true)])]),
        ])
        #expect(try JSONParser.parse(value.encoded()) == value)
    }
}
