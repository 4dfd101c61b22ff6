/// The URL-safe base64 alphabet without padding (RFC 4648 §5), used for bearer
/// tokens: it survives HTTP headers, URLs and JSON without escaping.
///
/// Decoding is strict (canonical input only) so that one token has exactly one
/// spelling and a stored digest can never be matched by an alternative text.
enum Base64URL {
    static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        BinaryText.encode(bytes, alphabet: alphabet, bitsPerSymbol: 6)
    }

    /// Decodes exactly `byteCount` bytes from unpadded base64url.
    static func decode(_ text: String, byteCount: Int) throws(BearerTokenFormatError) -> [UInt8] {
        let expectedLength = (byteCount * 8 + 5) / 6
        let utf8 = text.utf8
        guard utf8.count == expectedLength else { throw .wrongLength(utf8.count) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(byteCount)
        var accumulator: UInt32 = 0
        var pendingBits = 0
        for (offset, symbol) in utf8.enumerated() {
            guard let value = values[Int(symbol)] else { throw .invalidCharacter(offset: offset) }
            accumulator = (accumulator << 6) | UInt32(value)
            pendingBits += 6
            if pendingBits >= 8 {
                pendingBits -= 8
                bytes.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(pendingBits)))
                accumulator &= (1 << UInt32(pendingBits)) - 1
            }
        }
        guard accumulator == 0 else { throw .nonCanonicalTrailingBits }
        return bytes
    }

    private static let values: [UInt8?] = {
        var table = [UInt8?](repeating: nil, count: 256)
        for (value, symbol) in alphabet.enumerated() { table[Int(symbol)] = UInt8(value) }
        return table
    }()
}
