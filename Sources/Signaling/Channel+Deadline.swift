import NIOCore

extension Channel {
    /// Closes the channel unless `work` completes within `timeout`, so that a camera
    /// that accepts a connection and then never answers cannot hang a viewer call.
    func close<Value>(unlessDone work: EventLoopFuture<Value>, within timeout: TimeAmount) {
        let deadline = eventLoop.scheduleTask(in: timeout) { self.close(promise: nil) }
        work.whenComplete { _ in deadline.cancel() }
    }
}
