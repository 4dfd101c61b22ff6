/// Counts how often a reused buffer moved in memory: 0 proves a source refills the
/// caller's frame in place instead of allocating a new one per frame.
struct StorageMoveCounter {
    private var address: UnsafeRawPointer?
    private(set) var moves = 0

    init<Element>(_ storage: [Element]) {
        address = Self.address(of: storage)
    }

    mutating func note<Element>(_ storage: [Element]) {
        let current = Self.address(of: storage)
        if current != address {
            moves += 1
            address = current
        }
    }

    private static func address<Element>(of storage: [Element]) -> UnsafeRawPointer? {
        storage.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
    }
}

/// Fails the check unless a delivered unit carries the sequence number it should.
func requireSequence(_ actual: UInt64, _ expected: Int, _ what: String) throws {
    guard actual == UInt64(expected) else {
        throw CaptureCheckFailure("\(what) \(expected) has sequence number \(actual)")
    }
}
