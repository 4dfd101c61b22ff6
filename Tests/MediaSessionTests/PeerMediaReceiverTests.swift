import Dispatch
import MediaSession
import Synchronization
import Testing
import TestSupport

/// The receiver's hand-off from the ICE thread to its worker: bounded, counted, in order.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct PeerMediaReceiverTests {
    typealias Session = PeerMediaSessionTests

    /// A consumer that stalls on its first packet until the test opens the gate (a decoder
    /// or output stuck), then records the RTP sequence numbers it is handed.
    final class StalledConsumer: ReceivedMediaConsumer {
        let gate = DispatchSemaphore(value: 0)
        let sequenceNumbers = Shared<[UInt16]>([])
        let finished = Shared(false)
        private var stalled = false

        func receiveRTP(_ bytes: UnsafeRawBufferPointer, at now: Duration) {
            if !stalled {
                stalled = true
                gate.wait()
            }
            let sequenceNumber = UInt16(bytes[2]) << 8 | UInt16(bytes[3])
            if bytes[1] & 0x7F == 102 { sequenceNumbers.withLock { $0.append(sequenceNumber) } }
        }

        func receiveRTCP(_ bytes: UnsafeRawBufferPointer, at now: Duration) {}
        func poll(at now: Duration) {}
        var nextDeadline: Duration? { nil }
        func finish(at now: Duration) { finished.withLock { $0 = true } }
    }

    @Test func aStalledConsumerCostsAtMostTheQueueAndDropsAreCountedNotHidden() async throws {
        let (stream, feedback) = try Session.makeStream()
        var made: StalledConsumer?
        let link = try CameraViewerLink(stream: stream, feedback: feedback, receiveQueueCapacity: 16) { _, _ in
            let consumer = StalledConsumer()
            made = consumer
            return consumer
        }
        let consumer = try #require(made)
        #expect(await Session.eventually(within: .seconds(10)) { link.receiver.statistics.packetsDroppedQueueFull > 50 },
                "packets beyond the 16 queued are refused while the worker is stuck")
        let statistics = link.receiver.statistics
        #expect(statistics.queueHighWater == 16, "the queue never grows past its capacity")
        #expect(link.sender.statistics.isSending, "a stuck viewer does not stop the ICE thread or the sender")
        consumer.gate.signal()
        #expect(await Session.eventually(within: .seconds(5)) { consumer.sequenceNumbers.value.count > 40 })
        let video = consumer.sequenceNumbers.value
        let steps = zip(video, video.dropFirst()).map { $1 &- $0 }
        #expect(steps.allSatisfy { $0 >= 1 && $0 < 0x8000 }, "handed over in arrival order: \(steps.prefix(40))")
        await link.close()
        #expect(consumer.finished.value, "stop() lets the consumer finish its outputs")
    }
}
