import Testing
import RTP

@Suite("NACK generator (RFC 4585 §6.2.1 receiver side, mock clock)")
struct RTPNACKGeneratorTests {
    private func receive(_ generator: inout RTPNACKGenerator, _ numbers: [UInt16], at now: Duration) {
        for number in numbers { generator.received(sequenceNumber: number, at: now) }
    }

    @Test("A gap is requested once at once, again after a round trip, and no more once the packet arrives")
    func requestedOnceThenRetried() {
        var generator = RTPNACKGenerator()
        receive(&generator, [10, 11, 14], at: .zero)
        #expect(generator.missingSequenceNumbers == [12, 13])
        let due1 = generator.sequenceNumbersToRequest(at: .milliseconds(1), roundTripTime: .milliseconds(50))
        #expect(due1 == [12, 13])
        let due2 = generator.sequenceNumbersToRequest(at: .milliseconds(20), roundTripTime: .milliseconds(50))
        #expect(due2.isEmpty)
        #expect(generator.nextDeadline(roundTripTime: .milliseconds(50)) == .milliseconds(51))
        receive(&generator, [12], at: .milliseconds(30))  // retransmission arrives
        let due3 = generator.sequenceNumbersToRequest(at: .milliseconds(51), roundTripTime: .milliseconds(50))
        #expect(due3 == [13])
        #expect(generator.recoveredCount == 1)
        receive(&generator, [13], at: .milliseconds(60))
        #expect(generator.missingSequenceNumbers.isEmpty)
        #expect(generator.nextDeadline() == nil)
        let keyframe4 = generator.takeKeyframeRequest()
        #expect(!keyframe4)
    }

    @Test("Gaps across the sequence-number wrap are found")
    func wrap() {
        var generator = RTPNACKGenerator()
        receive(&generator, [65533, 65534, 1], at: .zero)
        let due5 = generator.sequenceNumbersToRequest(at: .zero)
        #expect(due5 == [65535, 0])
    }

    @Test("After the retry limit the packet is given up and a keyframe is asked for, once")
    func retryLimit() {
        var generator = RTPNACKGenerator(configuration: .init(maximumRequests: 3, defaultRetryInterval: .milliseconds(100)))
        receive(&generator, [1, 3], at: .zero)
        var requests = 0
        for tick in 0..<10 {
            requests += generator.sequenceNumbersToRequest(at: .milliseconds(100 * tick)).count
        }
        #expect(requests == 3)
        #expect(generator.abandonedCount == 1)
        let keyframe6 = generator.takeKeyframeRequest()
        #expect(keyframe6)
        let keyframe7 = generator.takeKeyframeRequest()
        #expect(!keyframe7)
    }

    @Test("A packet missing longer than the maximum age is given up even without retries left to count")
    func maximumAge() {
        var generator = RTPNACKGenerator(configuration: .init(maximumAge: .milliseconds(300)))
        receive(&generator, [1, 3], at: .zero)
        let due8 = generator.sequenceNumbersToRequest(at: .zero, roundTripTime: .seconds(1))
        #expect(due8 == [2])
        let due9 = generator.sequenceNumbersToRequest(at: .milliseconds(301), roundTripTime: .seconds(1))
        #expect(due9.isEmpty)
        #expect(generator.missingSequenceNumbers.isEmpty)
        #expect(generator.needsKeyframe)
    }

    @Test("A gap larger than the limit is not NACKed at all: keyframe instead")
    func hugeGap() {
        var generator = RTPNACKGenerator(configuration: .init(maximumMissing: 100))
        receive(&generator, [1, 500], at: .zero)
        let due10 = generator.sequenceNumbersToRequest(at: .zero)
        #expect(due10.isEmpty)
        #expect(generator.abandonedCount == 498)
        let keyframe11 = generator.takeKeyframeRequest()
        #expect(keyframe11)
    }

    @Test("Late duplicates and reordered packets that were never missing change nothing")
    func duplicates() {
        var generator = RTPNACKGenerator()
        receive(&generator, [5, 6, 7, 6, 5, 7], at: .zero)
        #expect(generator.missingSequenceNumbers.isEmpty)
        #expect(generator.recoveredCount == 0)
    }
}

