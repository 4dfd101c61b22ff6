/// Reads the space-separated fields of an attribute value in order, turning a missing or
/// malformed field into the `SDPAttributeFormatError` that names it.
struct SDPAttributeFields {
    private var fields: ArraySlice<Substring>
    private let expected: Int
    private var consumed = 0

    /// - Parameter expected: how many fields the grammar requires, for `tooFewFields`.
    init(_ value: String?, expected: Int) throws(SDPAttributeFormatError) {
        guard let value, !value.isEmpty else { throw .missingValue }
        fields = value.split(separator: " ", omittingEmptySubsequences: true)[...]
        self.expected = expected
        guard fields.count >= expected else { throw .tooFewFields(expected: expected, found: fields.count) }
    }

    var isEmpty: Bool { fields.isEmpty }

    /// What is left, joined by single spaces (for free-form tails like fmtp parameters).
    var rest: String { fields.joined(separator: " ") }

    mutating func text() throws(SDPAttributeFormatError) -> String {
        guard let field = fields.popFirst() else {
            throw .tooFewFields(expected: max(expected, consumed + 1), found: consumed)
        }
        consumed += 1
        return String(field)
    }

    mutating func number<Number: FixedWidthInteger>(_ name: String, in range: ClosedRange<Number>? = nil)
        throws(SDPAttributeFormatError) -> Number {
        let field = try text()
        return try Self.number(field, name: name, in: range)
    }

    static func number<Number: FixedWidthInteger>(_ text: some StringProtocol, name: String,
                                                  in range: ClosedRange<Number>? = nil)
        throws(SDPAttributeFormatError) -> Number {
        guard !text.isEmpty, text.allSatisfy(\.isASCIIDigit), let number = Number(text, radix: 10),
              range?.contains(number) ?? true else {
            throw .invalidNumber(field: name, text: String(text))
        }
        return number
    }
}

extension Character {
    /// `0`–`9` only (`Character.isNumber` also takes other scripts' digits and is slower).
    var isASCIIDigit: Bool { asciiValue.map { $0 >= 0x30 && $0 <= 0x39 } ?? false }
}
