/// Reads the fields of one JSON object for the signaling decoder, turning every
/// absence or kind mismatch into the exact `SignalingDecodingError` with the field's
/// full path, and reporting fields nobody asked for (`finish()`).
struct JSONObjectReader {
    private let path: String
    private var remaining: [String: JSONValue]

    /// - Throws: `.wrongType(path, .object)` unless `value` is an object.
    init(_ value: JSONValue, path: String) throws(SignalingDecodingError) {
        guard case .object(let fields) = value else { throw .wrongType(field: path, expected: .object) }
        self.path = path
        remaining = fields
    }

    /// Parses a whole JSON document that must be an object of at most `limit` bytes.
    ///
    /// - Throws: `.messageTooLarge`, `.invalidJSON`, `.duplicateKey` or `.envelopeNotObject`.
    init(parsing data: some Collection<UInt8>, limit: Int) throws(SignalingDecodingError) {
        guard data.count <= limit else { throw .messageTooLarge(byteCount: data.count, limit: limit) }
        let document: JSONValue
        do {
            document = try JSONParser.parse(data)
        } catch .duplicateKey(let key) {
            throw .duplicateKey(key)
        } catch {
            throw .invalidJSON
        }
        guard case .object = document else { throw .envelopeNotObject }
        try self.init(document, path: "")
    }

    /// The full path of `key` in this object, e.g. `payload.sdp.type`.
    func fieldPath(_ key: String) -> String { path.isEmpty ? key : path + "." + key }

    /// Whether `key` is present with a non-null value (without consuming it).
    func contains(_ key: String) -> Bool {
        if let value = remaining[key], value != .null { return true }
        return false
    }

    mutating func string(_ key: String) throws(SignalingDecodingError) -> String {
        guard let value = try optionalString(key) else { throw .missingField(fieldPath(key)) }
        return value
    }

    /// An optional field; JSON `null` counts as absent.
    mutating func optionalString(_ key: String) throws(SignalingDecodingError) -> String? {
        switch take(key) {
        case nil: return nil
        case .string(let value): return value
        default: throw .wrongType(field: fieldPath(key), expected: .string)
        }
    }

    mutating func bool(_ key: String) throws(SignalingDecodingError) -> Bool {
        switch take(key) {
        case nil: throw .missingField(fieldPath(key))
        case .bool(let value): return value
        default: throw .wrongType(field: fieldPath(key), expected: .boolean)
        }
    }

    mutating func integer(_ key: String) throws(SignalingDecodingError) -> Int64 {
        guard let value = try optionalInteger(key) else { throw .missingField(fieldPath(key)) }
        return value
    }

    mutating func optionalInteger(_ key: String) throws(SignalingDecodingError) -> Int64? {
        switch take(key) {
        case nil: return nil
        case .integer(let value): return value
        default: throw .wrongType(field: fieldPath(key), expected: .integer)
        }
    }

    mutating func object(_ key: String) throws(SignalingDecodingError) -> JSONObjectReader {
        guard let value = take(key) else { throw .missingField(fieldPath(key)) }
        return try JSONObjectReader(value, path: fieldPath(key))
    }

    /// A raw value, for fields whose kind the caller checks itself.
    mutating func value(_ key: String) -> JSONValue? { take(key) }

    /// - Throws: `.unknownField` for the first (in sorted order, so errors are
    ///   reproducible) field that no reader consumed.
    func finish() throws(SignalingDecodingError) {
        if let key = remaining.keys.sorted().first { throw .unknownField(fieldPath(key)) }
    }

    private mutating func take(_ key: String) -> JSONValue? {
        guard let value = remaining.removeValue(forKey: key), value != .null else { return nil }
        return value
    }
}
