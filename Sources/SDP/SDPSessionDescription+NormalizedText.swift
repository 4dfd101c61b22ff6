extension SDPSessionDescription {
    /// `text` with trailing whitespace dropped and one final CRLF: the parser wants every
    /// line, the last included, terminated (RFC 8866 §5), and signaling and HTTP clients often
    /// trim strings. The one place SDP from outside is normalised; the parser itself stays strict.
    public static func normalizedText(_ text: String) -> String {
        var trimmed = Substring(text)
        while let last = trimmed.last, last.isWhitespace || last.isNewline { trimmed = trimmed.dropLast() }
        return trimmed + "\r\n"
    }
}
