import RTP
import Testing
@testable import ViewerPipeline

/// The adaptive reorder/jitter buffer on its own, with a mock clock.
@Suite("RTPReceiveQueue: adaptive delay")
struct RTPReceiveQueueTests {
    static func packet(_ sequenceNumber: UInt16) -> RTPPacket {
        RTPPacket(header: RTPHeader(payloadType: 111, sequenceNumber: sequenceNumber, timestamp: UInt32(sequenceNumber) * 960,
                                    ssrc: 9), payload: [0xF8, 0xFF, 0xFE])
    }

    static func queue() -> RTPReceiveQueue {
        RTPReceiveQueue(parameters: ReceiverStreamParameters(payloadType: 111, clockRate: 48_000),
                        minimumDelay: .milliseconds(20), maximumDelay: .milliseconds(300), nackConfiguration: nil)
    }

    @Test("Starts at the minimum; a packet 80 ms late widens the wait past 80 ms; calm lets it shrink again")
    func delayFollowsLateness() throws {
        var queue = Self.queue()
        var now = Duration.zero
        var released: [UInt16] = []
        func step(_ arriving: [UInt16]) throws {
            for number in arriving { try queue.insert(Self.packet(number), wireSize: 15, at: now) }
            _ = queue.maintain(at: now, roundTripTime: nil)
            while let packet = queue.popReady(at: now) { released.append(packet.header.sequenceNumber) }
            now += .milliseconds(20)
        }
        for number in UInt16(0)..<10 { try step([number]) }
        #expect(queue.currentDelay == .milliseconds(20))
        // Packet 10 is held up 80 ms behind 11…14: the 20 ms buffer gives up on it.
        for number in UInt16(11)..<15 { try step([number]) }
        try step([10, 15])
        #expect(queue.counters.tooLate == 1)
        #expect(queue.currentDelay > .milliseconds(80))
        // The same lateness again is now absorbed: nothing is too late, nothing skipped.
        let skippedBefore = queue.packetsLost
        for number in UInt16(17)..<21 { try step([number]) }
        try step([16, 21])
        #expect(queue.counters.tooLate == 1)
        #expect(queue.packetsLost == skippedBefore)
        let widened = queue.currentDelay
        for number in UInt16(22)..<400 { try step([number]) }
        #expect(queue.currentDelay < widened, "the remembered lateness decays")
        #expect(Array(released.drop { $0 < 16 }.prefix(370)) == Array(16..<386), "in order, none lost")
    }

    @Test("Duplicates are counted and released once")
    func duplicates() throws {
        var queue = Self.queue()
        for number in UInt16(0)..<5 {
            try queue.insert(Self.packet(number), wireSize: 15, at: .zero)
            try queue.insert(Self.packet(number), wireSize: 15, at: .zero)
        }
        var released: [UInt16] = []
        while let packet = queue.popReady(at: .seconds(1)) { released.append(packet.header.sequenceNumber) }
        #expect(released == [0, 1, 2, 3, 4])
        #expect(queue.counters.duplicates == 5)
    }
}
