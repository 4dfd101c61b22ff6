/// Writes bytes as text in a power-of-two alphabet (base32, base64), most
/// significant bits first: the one bit-packing loop behind identifiers, pairing
/// codes and bearer tokens.
enum BinaryText {
    /// - Parameters:
    ///   - bytes: the value, big-endian.
    ///   - alphabet: `1 << bitsPerSymbol` ASCII symbols in value order.
    ///   - leadingZeroBits: zero bits put before `bytes` so the total fills whole
    ///     symbols from the front (identifiers: 2 + 128 = 26 × 5).
    ///   Bits left over at the end are padded with zeros on the right (RFC 4648 §3.5).
    static func encode(_ bytes: [UInt8], alphabet: [UInt8], bitsPerSymbol: Int, leadingZeroBits: Int = 0) -> String {
        let mask = UInt32(1 << bitsPerSymbol) - 1
        var symbols: [UInt8] = []
        symbols.reserveCapacity((leadingZeroBits + bytes.count * 8 + bitsPerSymbol - 1) / bitsPerSymbol)
        var accumulator: UInt32 = 0
        var pendingBits = leadingZeroBits
        for byte in bytes {
            accumulator = (accumulator << 8) | UInt32(byte)
            pendingBits += 8
            while pendingBits >= bitsPerSymbol {
                pendingBits -= bitsPerSymbol
                symbols.append(alphabet[Int((accumulator >> UInt32(pendingBits)) & mask)])
            }
            accumulator &= (1 << UInt32(pendingBits)) - 1
        }
        if pendingBits > 0 {
            symbols.append(alphabet[Int((accumulator << UInt32(bitsPerSymbol - pendingBits)) & mask)])
        }
        return String(decoding: symbols, as: UTF8.self)
    }
}
