import PeerCamCore


/// A generator that hands out chosen bytes, one per draw (a `UInt8` draw keeps the
/// low byte), for tests that need a token with a known secret.
struct ReplayGenerator: RandomNumberGenerator {
    private let bytes: [UInt8]
    private var position = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func next() -> UInt64 {
        defer { position += 1 }
        return UInt64(bytes[position % bytes.count])
    }
}

enum Fixture {
    static let session = try! SessionID(parsing: "01J9Z3K4M5N6P7Q8R9S0T1V2W3")
    static let otherSession = try! SessionID(parsing: "7ZZZZZZZZZZZZZZZZZZZZZZZZZ")
    static let viewer = try! DeviceID(parsing: "0123456789ABCDEFGHJKMNPQRS")
    static let camera = try! DeviceID(parsing: "3VVVVVVVVVVVVVVVVVVVVVVVVV")
}
