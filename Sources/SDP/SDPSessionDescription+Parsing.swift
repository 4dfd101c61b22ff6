extension SDPSessionDescription {
    /// Parses SDP text as peers send it.
    ///
    /// Tolerated: LF without CR, trailing spaces, blank lines (they carry nothing). Refused with
    /// an `SDPParseError` naming the line: a first line other than `v=0`, a missing `o=`, `s=` or
    /// `t=`, a line that is not `<letter>=<value>`, a malformed `o=` or `m=`, a known attribute
    /// whose value breaks its grammar, and a last line without a line terminator (the text was
    /// cut off: a shortened `a=ice-pwd` or fingerprint must not pass as a valid one).
    public init(parsing text: String) throws(SDPParseError) {
        var reader = SDPLineReader(text: text)
        guard let first = reader.next() else { throw SDPParseError(line: 1, rule: .emptyInput) }
        try first.requireTerminated()
        guard first.type == "v" else { throw SDPParseError(line: first.number, rule: .missingVersion) }
        guard first.value == "0" else {
            throw SDPParseError(line: first.number, rule: .unsupportedVersion(String(first.value)))
        }

        var body = SDPBody(lastLine: first.number)
        try body.read(&reader, sessionFields: true)
        let lastLine = body.lastLine
        guard let origin = body.origin else { throw SDPParseError(line: lastLine, rule: .missingField("o")) }
        guard let sessionName = body.sessionName else { throw SDPParseError(line: lastLine, rule: .missingField("s")) }
        guard body.lines.contains(where: { $0.type == "t" }) else {
            throw SDPParseError(line: lastLine, rule: .missingField("t"))
        }
        self.init(origin: origin, sessionName: sessionName, lines: body.lines, attributes: body.attributes,
                  media: body.media)
    }
}

/// The lines after `v=` (or all lines of a trickle fragment) sorted into session-level lines
/// and attributes and media sections, known attributes validated on the way.
struct SDPBody {
    var origin: SDPOrigin?
    var sessionName: String?
    var lines: [SDPLine] = []
    var attributes: [SDPAttribute] = []
    var media: [SDPMediaDescription] = []
    var lastLine: Int

    /// - Parameter sessionFields: whether `o=` and `s=` may appear (not in RFC 8840 fragments).
    mutating func read(_ reader: inout SDPLineReader, sessionFields: Bool) throws(SDPParseError) {
        while let line = reader.next() {
            lastLine = line.number
            try line.requireTerminated()
            switch line.type {
            case "v", SDPLineReader.malformed:
                throw SDPParseError(line: line.number, rule: .malformedLine)
            case "o" where !sessionFields, "s" where !sessionFields:
                throw SDPParseError(line: line.number, rule: .malformedLine)
            case "m":
                guard let section = SDPMediaDescription(mediaLineValue: line.value) else {
                    throw SDPParseError(line: line.number, rule: .malformedMediaLine)
                }
                media.append(section)
            case "a":
                let attribute = SDPAttribute(text: line.value)
                do throws(SDPAttributeFormatError) {
                    try attribute.validate()
                } catch {
                    throw SDPParseError(line: line.number, rule: .badAttribute(name: attribute.name, error))
                }
                if media.isEmpty { attributes.append(attribute) } else { media[media.count - 1].attributes.append(attribute) }
            case "o" where media.isEmpty && origin == nil:
                guard let parsed = SDPOrigin(value: line.value) else {
                    throw SDPParseError(line: line.number, rule: .malformedOrigin)
                }
                origin = parsed
            case "s" where media.isEmpty && sessionName == nil:
                sessionName = String(line.value)
            default:
                let kept = SDPLine(type: line.type, value: String(line.value))
                if media.isEmpty { lines.append(kept) } else { media[media.count - 1].lines.append(kept) }
            }
        }
    }
}

/// Splits SDP text into numbered `<type>=<value>` lines, skipping blank ones.
struct SDPLineReader {
    struct Line {
        var number: Int
        var type: Character
        var value: Substring
        var terminated: Bool

        func requireTerminated() throws(SDPParseError) {
            guard terminated else { throw SDPParseError(line: number, rule: .truncatedInput) }
        }
    }

    /// Scanned by Unicode scalar: as Characters, CRLF is a single grapheme and holds no `"\n"`.
    private let scalars: Substring.UnicodeScalarView
    private var position: Substring.UnicodeScalarView.Index
    private var number = 0

    init(text: String) {
        scalars = Substring(text).unicodeScalars
        position = scalars.startIndex
    }

    /// The type given to a line that is not `<letter>=<value>`.
    static let malformed: Character = "\u{0}"

    /// The next non-blank line; a line that is not `<letter>=…` comes back with type `malformed`.
    mutating func next() -> Line? {
        while position < scalars.endIndex {
            number += 1
            let end = scalars[position...].firstIndex(of: "\n")
            var raw = Substring(scalars[position..<(end ?? scalars.endIndex)])
            position = end.map { scalars.index(after: $0) } ?? scalars.endIndex
            while let last = raw.last, last == "\r" || last == " " || last == "\t" { raw = raw.dropLast() }
            if raw.isEmpty { continue }
            let terminated = end != nil
            let second = raw.index(after: raw.startIndex)
            guard second < raw.endIndex, let type = raw.first, type.isASCII, type.isLowercase, raw[second] == "=" else {
                return Line(number: number, type: Self.malformed, value: raw, terminated: terminated)
            }
            return Line(number: number, type: type, value: raw.dropFirst(2), terminated: terminated)
        }
        return nil
    }
}
