/// One RFC 8285 header extension element: a local identifier negotiated with `a=extmap`
/// and its value.
public struct RTPHeaderExtensionElement: Equatable, Hashable, Sendable {
    public var id: UInt8
    public var value: [UInt8]

    public init(id: UInt8, value: [UInt8]) {
        self.id = id
        self.value = value
    }
}

/// The header extension block of an RTP packet.
///
/// RFC 3550 §5.3.1 defines one opaque block per packet; RFC 8285 carves it into elements in
/// two forms. The one-byte form (profile `0xBEDE`) is what browsers send; the two-byte form
/// (profile `0x100X`) is needed for identifiers above 14, values longer than 16 bytes, or
/// empty values. Any other profile is kept as opaque data so that forwarding keeps it.
/// See https://www.rfc-editor.org/rfc/rfc8285#section-4
public enum RTPHeaderExtension: Equatable, Hashable, Sendable {
    /// RFC 8285 §4.2, profile `0xBEDE`.
    case oneByte([RTPHeaderExtensionElement])
    /// RFC 8285 §4.3, profile `0x100` + 4 application bits.
    case twoByte(appBits: UInt8, [RTPHeaderExtensionElement])
    /// RFC 3550 §5.3.1 with a profile that is neither RFC 8285 form; `data` is a whole number
    /// of 32-bit words.
    case generic(profile: UInt16, data: [UInt8])

    static let oneByteProfile: UInt16 = 0xBEDE
    static let twoByteProfileMask: UInt16 = 0xFFF0
    static let twoByteProfile: UInt16 = 0x1000

    /// Builds the most compact form that can carry `elements`: one-byte when every id is
    /// 1–14 and every value 1–16 bytes long, two-byte otherwise.
    public init(elements: [RTPHeaderExtensionElement]) {
        let fitsOneByte = elements.allSatisfy { (1...14).contains($0.id) && (1...16).contains($0.value.count) }
        self = fitsOneByte ? .oneByte(elements) : .twoByte(appBits: 0, elements)
    }

    /// The elements of an RFC 8285 block; empty for a generic block.
    public var elements: [RTPHeaderExtensionElement] {
        switch self {
        case .oneByte(let elements), .twoByte(_, let elements): elements
        case .generic: []
        }
    }

    /// The value of the element with local identifier `id`, if present.
    public func value(id: UInt8) -> [UInt8]? {
        elements.first { $0.id == id }?.value
    }

    var profile: UInt16 {
        switch self {
        case .oneByte: Self.oneByteProfile
        case .twoByte(let appBits, _): Self.twoByteProfile | UInt16(appBits & 0x0F)
        case .generic(let profile, _): profile
        }
    }

    /// Size of the extension data after the 4-byte profile/length word, padded to 32 bits.
    var dataSize: Int {
        let unpadded: Int
        switch self {
        case .oneByte(let elements): unpadded = elements.reduce(0) { $0 + 1 + $1.value.count }
        case .twoByte(_, let elements): unpadded = elements.reduce(0) { $0 + 2 + $1.value.count }
        case .generic(_, let data): unpadded = data.count
        }
        return (unpadded + 3) & ~3
    }

    /// Checks the RFC 8285 limits that marshaling relies on.
    func validate() throws(RTPPacketError) {
        switch self {
        case .oneByte(let elements):
            for element in elements {
                guard (1...14).contains(element.id) else { throw .rfc8285ElementIDOutOfRange(id: element.id) }
                guard (1...16).contains(element.value.count) else {
                    throw .rfc8285ElementLengthOutOfRange(id: element.id, length: element.value.count)
                }
            }
        case .twoByte(_, let elements):
            for element in elements {
                guard element.id != 0 else { throw .rfc8285ElementIDOutOfRange(id: 0) }
                guard element.value.count <= 255 else {
                    throw .rfc8285ElementLengthOutOfRange(id: element.id, length: element.value.count)
                }
            }
        case .generic(_, let data):
            guard data.count % 4 == 0 else { throw .rfc3550ExtensionNotWordAligned(length: data.count) }
        }
        guard dataSize / 4 <= Int(UInt16.max) else { throw .rfc3550ExtensionNotWordAligned(length: dataSize) }
    }

    /// Writes profile, length and data; `validate()` must have passed.
    func write(into writer: inout NetworkByteWriter) {
        writer.write(profile)
        writer.write(UInt16(dataSize / 4))
        let start = writer.offset
        switch self {
        case .oneByte(let elements):
            for element in elements {
                writer.write(element.id << 4 | UInt8(element.value.count - 1))
                writer.write(element.value)
            }
        case .twoByte(_, let elements):
            for element in elements {
                writer.write(element.id)
                writer.write(UInt8(element.value.count))
                writer.write(element.value)
            }
        case .generic(_, let data):
            writer.write(data)
        }
        writer.writeZeros(dataSize - (writer.offset - start))
    }

    /// Parses the extension data that follows the profile/length word.
    static func parse(profile: UInt16, data: UnsafeRawBufferPointer) throws(RTPPacketError) -> RTPHeaderExtension {
        var elements: [RTPHeaderExtensionElement] = []
        let isElementForm = try forEachElement(profile: profile, data: data) { id, range in
            elements.append(RTPHeaderExtensionElement(id: id, value: Array(data[range])))
        }
        guard isElementForm else { return .generic(profile: profile, data: Array(data)) }
        return profile == oneByteProfile ? .oneByte(elements) : .twoByte(appBits: UInt8(profile & 0x0F), elements)
    }

    /// Walks the RFC 8285 elements of `data` without copying, calling `body` with each id and
    /// the byte range of its value. Returns false (and calls nothing) for a generic profile.
    @discardableResult
    static func forEachElement(profile: UInt16, data: UnsafeRawBufferPointer,
                               _ body: (UInt8, Range<Int>) -> Void) throws(RTPPacketError) -> Bool {
        let idLengthBytes: Int
        if profile == oneByteProfile {
            idLengthBytes = 1
        } else if profile & twoByteProfileMask == twoByteProfile {
            idLengthBytes = 2
        } else {
            return false
        }
        var reader = NetworkByteReader(data)
        while let first = reader.readUInt8() {
            // RFC 8285 §4.2/§4.3: id 0 is a padding octet (libwebrtc skips it whatever its
            // length nibble says, and so do we).
            if first == 0 || (idLengthBytes == 1 && first >> 4 == 0) { continue }
            let id: UInt8
            let length: Int
            if idLengthBytes == 1 {
                id = first >> 4
                // RFC 8285 §4.2: id 15 is reserved; processing of the block stops there.
                if id == 15 { break }
                length = Int(first & 0x0F) + 1
            } else {
                id = first
                guard let lengthByte = reader.readUInt8() else { throw .rfc8285ElementBeyondExtension(id: id) }
                length = Int(lengthByte)
            }
            let start = reader.offset
            guard reader.skip(length) else { throw .rfc8285ElementBeyondExtension(id: id) }
            body(id, start..<start + length)
        }
        return true
    }
}
