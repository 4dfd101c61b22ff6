import RTP
import RTCP
@testable import RTPFeedback

/// A video packet of the test stream: SSRC 0x1111_2222, PT 102, payload of `payloadSize`
/// bytes that encodes its own sequence number, so a resent packet can be recognised.
func videoPacket(_ sequenceNumber: UInt16, payloadSize: Int = 100, timestamp: UInt32 = 9000,
                 marker: Bool = false) -> RTPPacket {
    let payload = (0..<payloadSize).map { UInt8(truncatingIfNeeded: Int(sequenceNumber) &+ $0) }
    return RTPPacket(header: RTPHeader(marker: marker, payloadType: 102, sequenceNumber: sequenceNumber,
                                       timestamp: timestamp, ssrc: testMediaSSRC),
                     payload: payload)
}

let testMediaSSRC: UInt32 = 0x1111_2222

/// A history holding packets `first..<first+count`, one every 10 ms from `.zero`.
func makeHistory(storing first: UInt16, count: Int, configuration: RTPPacketHistory.Configuration = .init(),
             payloadSize: Int = 100) throws -> RTPPacketHistory {
    var history = RTPPacketHistory(configuration: configuration)
    for index in 0..<count {
        try history.store(videoPacket(first &+ UInt16(index), payloadSize: payloadSize), sentAt: .milliseconds(10 * index))
    }
    return history
}

/// Collects the datagrams a responder sends, parsed.
struct SentPackets {
    var packets: [RTPPacket] = []
    var bytes: [[UInt8]] = []

    mutating func record(_ datagram: UnsafeRawBufferPointer) {
        bytes.append(Array(datagram))
        if let packet = try? RTPPacket(unmarshaling: datagram) { packets.append(packet) }
    }
}

func nack(_ lost: [UInt16], mediaSSRC: UInt32 = testMediaSSRC) -> RTCPGenericNACK {
    RTCPGenericNACK(senderSSRC: 0xAAAA, mediaSSRC: mediaSSRC, lostSequenceNumbers: lost)
}

