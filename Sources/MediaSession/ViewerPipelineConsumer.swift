import Synchronization
import ViewerPipeline

/// The viewer pipeline as a ``PeerMediaReceiver``'s consumer, with what other threads need
/// from it: a statistics snapshot (the pipeline itself may only be touched by the receiver's
/// worker) and the input it refused.
///
/// ```swift
/// let receiver = try PeerMediaReceiver(connection: connection) { sendRTCP in
///     try ViewerPipelineConsumer(pipeline: ViewerPipeline(
///         configuration: try .negotiated(on: connection, localSSRC: ssrc), outputs: outputs,
///         startTime: .zero, sendRTCP: sendRTCP))
/// }
/// ```
/// Time zero of the receiver's clock is its creation, so `startTime: .zero` makes the
/// pipeline's time to first frame count from there.
public final class ViewerPipelineConsumer: ReceivedMediaConsumer, @unchecked Sendable {
    // @unchecked: `pipeline` is used only on the receiver's worker thread (the protocol's
    // contract); the snapshots are behind a mutex.

    private let pipeline: ViewerPipeline
    private let published: Mutex<Published>
    /// How often the statistics snapshot is refreshed.
    public let statisticsInterval: Duration
    private var nextPublish: Duration = .zero

    private struct Published {
        var statistics = ViewerPipelineStatistics()
        var refusedPackets = 0
        var lastRefusal: ViewerPipelineInputError?
    }

    public init(pipeline: ViewerPipeline, statisticsInterval: Duration = .milliseconds(250)) {
        self.pipeline = pipeline
        self.statisticsInterval = statisticsInterval
        published = Mutex(Published())
    }

    /// The pipeline's statistics as of the last refresh (every `statisticsInterval`, and at the end).
    public var statistics: ViewerPipelineStatistics { published.withLock { $0.statistics } }

    /// Packets and RTCP the pipeline refused (malformed, unknown stream), and the last reason.
    public var refusals: (count: Int, last: ViewerPipelineInputError?) {
        published.withLock { ($0.refusedPackets, $0.lastRefusal) }
    }

    public func receiveRTP(_ bytes: UnsafeRawBufferPointer, at now: Duration) {
        do throws(ViewerPipelineInputError) { try pipeline.receiveRTP(bytes, at: now) } catch { refused(error) }
    }

    public func receiveRTCP(_ bytes: UnsafeRawBufferPointer, at now: Duration) {
        do throws(ViewerPipelineInputError) { try pipeline.receiveRTCP(bytes, at: now) } catch { refused(error) }
    }

    public func poll(at now: Duration) {
        pipeline.poll(at: now)
        guard now >= nextPublish else { return }
        nextPublish = now + statisticsInterval
        let snapshot = pipeline.statistics()
        published.withLock { $0.statistics = snapshot }
    }

    public var nextDeadline: Duration? {
        pipeline.nextDeadline.map { min($0, nextPublish) } ?? nextPublish
    }

    public func finish(at now: Duration) {
        pipeline.finish(at: now)
        let snapshot = pipeline.statistics()
        published.withLock { $0.statistics = snapshot }
    }

    private func refused(_ error: ViewerPipelineInputError) {
        published.withLock {
            $0.refusedPackets += 1
            $0.lastRefusal = error
        }
    }
}
