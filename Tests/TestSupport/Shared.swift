import Synchronization

/// A value shared between threads and the test (a `Mutex` cannot be captured by a closure).
public final class Shared<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>
    public init(_ value: Value) { mutex = Mutex(value) }
    public func withLock<Result>(_ body: (inout Value) -> Result) -> Result { mutex.withLock { body(&$0) } }
    public var value: Value { mutex.withLock { $0 } }
}
