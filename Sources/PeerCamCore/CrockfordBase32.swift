/// Crockford's base32 (https://www.crockford.com/base32.html): digits and upper-case
/// letters without I, L, O and U, so that what a person reads aloud or types is
/// unambiguous. Pairing codes and the 128-bit identifiers use it.
enum CrockfordBase32 {
    /// The 32 symbols in value order.
    static let alphabet: [UInt8] = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)

    /// The value of a canonical (upper-case) symbol, or nil.
    static func value(ofCanonical byte: UInt8) -> UInt8? {
        canonicalValues[Int(byte)]
    }

    /// The value of a symbol as a person may type it: lower case is accepted and
    /// the look-alikes I/L map to 1 and O to 0, as Crockford's decoding rules say.
    static func value(ofTyped byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "o"), UInt8(ascii: "O"): return 0
        case UInt8(ascii: "i"), UInt8(ascii: "I"), UInt8(ascii: "l"), UInt8(ascii: "L"): return 1
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return canonicalValues[Int(byte - 32)]
        default: return canonicalValues[Int(byte)]
        }
    }

    private static let canonicalValues: [UInt8?] = {
        var table = [UInt8?](repeating: nil, count: 256)
        for (value, symbol) in alphabet.enumerated() { table[Int(symbol)] = UInt8(value) }
        return table
    }()
}
