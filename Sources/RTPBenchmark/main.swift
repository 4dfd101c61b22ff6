// rtp-benchmark: prints how long the RTP/RTCP hot paths take, so figures come from a program
// rather than from timed test assertions. Run: swift run -c release rtp-benchmark
import RTCP
import RTP

/// Runs `body` `iterations` times (after a warm-up) and prints the mean time per iteration.
func measure(_ name: String, iterations: Int, unit: String = "op", _ body: () throws -> Void) rethrows {
    for _ in 0..<max(1, iterations / 10) { try body() }
    let clock = ContinuousClock()
    let elapsed = try clock.measure { for _ in 0..<iterations { try body() } }
    let nanoseconds = Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
    let perIteration = nanoseconds / Double(iterations)
    let text = perIteration >= 10_000 ? "\(Int(perIteration / 1000)) µs" : "\(Int(perIteration)) ns"
    let padded = name + String(repeating: " ", count: max(1, 60 - name.count))
    print("\(padded)\(text) per \(unit)")
}

/// A 720p-sized IDR access unit: SPS, PPS and a 60 kB slice, as OpenH264 produces.
func accessUnit(sliceBytes: Int, keyframe: Bool) -> [UInt8] {
    var bytes: [UInt8] = []
    if keyframe {
        bytes += [0, 0, 0, 1, 0x67, 0x42, 0xC0, 0x1F, 0xDA, 0x01, 0x40, 0x16, 0xE8]
        bytes += [0, 0, 0, 1, 0x68, 0xCE, 0x3C, 0x80]
    }
    bytes += [0, 0, 0, 1, keyframe ? 0x65 : 0x41]
    bytes += (0..<sliceBytes).map { UInt8(truncatingIfNeeded: $0 % 253 + 1) }
    return bytes
}

var sink = 0  // keeps results alive so the optimizer cannot drop the work

for (name, unit) in [("IDR 60 kB", accessUnit(sliceBytes: 60_000, keyframe: true)),
                     ("P 8 kB", accessUnit(sliceBytes: 8_000, keyframe: false))] {
    var payloader = try H264RTPPayloader()
    var sequencer = RTPSequencer(ssrc: 1, payloadType: 102, initialSequenceNumber: 0)
    var packetBuffer = [UInt8](repeating: 0, count: 1500)
    var packetCount = 0
    try unit.withUnsafeBytes { bytes in
        try measure("H264 packetize + RTP header marshal, \(name)", iterations: 2_000, unit: "access unit") {
            packetCount = 0
            try payloader.packetize(accessUnit: bytes) { payload, isLast in
                let header = sequencer.nextHeader(timestamp: 0, marker: isLast)
                try packetBuffer.withUnsafeMutableBytes { buffer in
                    let headerSize = try header.marshal(into: buffer)
                    if let destination = buffer.baseAddress, let source = payload.baseAddress {
                        destination.advanced(by: headerSize).copyMemory(from: source, byteCount: payload.count)
                    }
                }
                packetCount += 1
            }
        }
    }
    print("  (\(packetCount) packets per access unit)")

    var payloadSequencer = RTPSequencer(ssrc: 1, payloadType: 102, initialSequenceNumber: 0)
    let packets = try payloader.packetize(accessUnit: unit, rtpTimestamp: 0, sequencer: &payloadSequencer)
    var depacketizer = H264RTPDepacketizer()
    var timestamp: UInt32 = 0
    var sequenceNumber: UInt16 = 0
    measure("H264 depacketize (FU-A reassembly), \(name)", iterations: 2_000, unit: "access unit") {
        timestamp &+= 3000
        for packet in packets {
            packet.payload.withUnsafeBytes { payload in
                depacketizer.push(sequenceNumber: sequenceNumber, rtpTimestamp: timestamp, marker: packet.header.marker,
                                  payload: payload) { output in
                    if case .accessUnit(let unit) = output { sink &+= unit.annexB.count }
                }
            }
            sequenceNumber &+= 1
        }
    }
}

let packet = RTPPacket(header: RTPHeader(marker: true, payloadType: 102, sequenceNumber: 1, timestamp: 2, ssrc: 3,
                                         headerExtension: RTPHeaderExtension(elements: [.init(id: 1, value: [0, 1]),
                                                                                        .init(id: 4, value: Array("0".utf8))])),
                       payload: Array(repeating: 0xAB, count: 1200))
let wire = try packet.marshaled()
var reused: [UInt8] = []
reused.reserveCapacity(1500)
try measure("RTP packet marshal (1200 B, two extensions, reused array)", iterations: 200_000, unit: "packet") {
    reused.removeAll(keepingCapacity: true)
    try packet.marshal(appendingTo: &reused)
}
try wire.withUnsafeBytes { bytes in
    try measure("RTP header unmarshal (layout only, no payload copy)", iterations: 200_000, unit: "packet") {
        sink &+= try RTPHeader.unmarshal(packet: bytes).payload.count
    }
    try measure("RTP header unmarshal, extensions left in place + 1 lookup", iterations: 200_000, unit: "packet") {
        let layout = try RTPHeader.unmarshal(packet: bytes, parsingExtensions: false)
        sink &+= layout.extensionValue(id: 1, in: bytes)?.count ?? 0
    }
    try measure("RTP packet unmarshal (payload copied out)", iterations: 200_000, unit: "packet") {
        sink &+= try RTPPacket(unmarshaling: bytes).payload.count
    }
}

let compound = RTCPCompoundPacket(packets: [
    .receiverReport(RTCPReceiverReport(ssrc: 1, reports: [RTCPReceptionReport(
        ssrc: 2, fractionLost: 3, cumulativeLost: 4, extendedHighestSequenceNumber: 5, jitter: 6,
        lastSenderReport: 7, delaySinceLastSenderReport: 8)])),
    .sourceDescription(RTCPSourceDescription(chunks: [.init(source: 1, items: [.cname("viewer-agent")])])),
    .genericNACK(RTCPGenericNACK(senderSSRC: 1, mediaSSRC: 2, lostSequenceNumbers: [10, 11, 15, 40])),
    .pictureLossIndication(RTCPPictureLossIndication(senderSSRC: 1, mediaSSRC: 2)),
])
let compoundBytes = try compound.marshaled()
try measure("RTCP compound parse (RR + SDES + NACK + PLI)", iterations: 100_000, unit: "datagram") {
    sink &+= try RTCPCompoundPacket(unmarshaling: compoundBytes).packets.count
}
try measure("RTCP compound marshal (RR + SDES + NACK + PLI)", iterations: 100_000, unit: "datagram") {
    sink &+= try compound.marshaled().count
}
let arrivals: [Int64?] = (0..<100).map { $0 % 10 == 3 ? nil : Int64($0) * 4_000 + 1_000_000 }
try measure("TWCC feedback build + marshal (100 packets, 10 % lost)", iterations: 20_000, unit: "feedback") {
    let feedback = try RTCPTransportWideFeedback(senderSSRC: 1, mediaSSRC: 2, baseSequenceNumber: 0,
                                                 feedbackPacketCount: 0, arrivals: arrivals)
    sink &+= try feedback.marshaled().count
}
print("(checksum \(sink % 1000))")
