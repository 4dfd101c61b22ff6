import Testing
import RTP

@Suite("Reorder buffer (receiver side, injected time)")
struct RTPReorderBufferTests {
    private func packet(_ sequenceNumber: UInt16) -> RTPPacket {
        RTPPacket(header: RTPHeader(payloadType: 96, sequenceNumber: sequenceNumber, timestamp: 0, ssrc: 1), payload: [])
    }

    private func drain(_ buffer: inout RTPReorderBuffer, at now: Duration) -> [UInt16] {
        var released: [UInt16] = []
        while let next = buffer.popReady(at: now) { released.append(next.header.sequenceNumber) }
        return released
    }

    @Test("The first packets are held for the delay so an earlier one can still take the lead")
    func startup() {
        var buffer = RTPReorderBuffer(maximumDelay: .milliseconds(40))
        #expect(buffer.insert(packet(11), at: .zero) == .buffered)
        #expect(drain(&buffer, at: .milliseconds(10)).isEmpty)
        #expect(buffer.insert(packet(10), at: .milliseconds(20)) == .buffered)
        #expect(drain(&buffer, at: .milliseconds(40)) == [10, 11])
        #expect(buffer.insert(packet(9), at: .milliseconds(41)) == .tooLate)
    }

    @Test("A stream whose first packets straddle the wrap starts at the older one (negative extended numbers)")
    func startupAcrossWrap() {
        var buffer = RTPReorderBuffer(capacity: 16, maximumDelay: .milliseconds(40))
        _ = buffer.insert(packet(0), at: .zero)
        _ = buffer.insert(packet(1), at: .milliseconds(1))
        _ = buffer.insert(packet(65535), at: .milliseconds(2))
        _ = buffer.insert(packet(65534), at: .milliseconds(3))
        #expect(drain(&buffer, at: .milliseconds(40)) == [65534, 65535, 0, 1])
        #expect(buffer.isEmpty)
    }

    @Test("After the start, in-order packets pass at once and a reordered one fills its hole, across the wrap")
    func reorderAcrossWrap() {
        var buffer = RTPReorderBuffer(maximumDelay: .milliseconds(40))
        _ = buffer.insert(packet(65534), at: .zero)
        #expect(drain(&buffer, at: .milliseconds(40)) == [65534])
        _ = buffer.insert(packet(0), at: .milliseconds(41))
        #expect(drain(&buffer, at: .milliseconds(41)).isEmpty)
        #expect(buffer.missingSequenceNumbers == [65535])
        #expect(buffer.nextDeadline == .milliseconds(81))
        _ = buffer.insert(packet(65535), at: .milliseconds(45))
        #expect(drain(&buffer, at: .milliseconds(45)) == [65535, 0])
        #expect(buffer.insert(packet(0), at: .milliseconds(46)) == .tooLate)
        _ = buffer.insert(packet(1), at: .milliseconds(47))
        #expect(buffer.insert(packet(1), at: .milliseconds(48)) == .duplicate)
        #expect(drain(&buffer, at: .milliseconds(48)) == [1])
        #expect(buffer.skippedCount == 0)
    }

    @Test("A packet that never comes is given up after the delay and counted as skipped")
    func giveUp() {
        var buffer = RTPReorderBuffer(maximumDelay: .milliseconds(30))
        _ = buffer.insert(packet(100), at: .zero)
        #expect(drain(&buffer, at: .milliseconds(30)) == [100])
        _ = buffer.insert(packet(103), at: .milliseconds(31))
        _ = buffer.insert(packet(104), at: .milliseconds(32))
        #expect(buffer.missingSequenceNumbers == [101, 102])
        #expect(drain(&buffer, at: .milliseconds(60)).isEmpty)
        #expect(drain(&buffer, at: .milliseconds(61)) == [103, 104])
        #expect(buffer.skippedCount == 2)
        #expect(buffer.insert(packet(102), at: .milliseconds(62)) == .tooLate)
    }

    @Test("A jump beyond the ring gives up on the old window instead of overwriting slots")
    func overflow() {
        var buffer = RTPReorderBuffer(capacity: 8, maximumDelay: .milliseconds(30))
        _ = buffer.insert(packet(0), at: .zero)
        #expect(drain(&buffer, at: .milliseconds(30)) == [0])
        _ = buffer.insert(packet(2), at: .milliseconds(31))
        _ = buffer.insert(packet(20), at: .milliseconds(32))
        #expect(buffer.skippedCount == 12)  // 1…12 can no longer fit before 20 in 8 slots
        #expect(drain(&buffer, at: .milliseconds(62)) == [20])
    }
}
