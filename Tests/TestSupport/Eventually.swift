import Foundation

/// Thrown when something awaited does not happen in time.
public struct TestTimeout: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Polls `condition` every 20 ms until it holds, or throws after `seconds`.
public func eventually(_ what: String, within seconds: Double = 10,
                _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(20))
    }
    throw TestTimeout("not within \(seconds) s: \(what)")
}
