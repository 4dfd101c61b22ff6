import H264
import Media
import Opus
import RTCP
import RTP

/// The camera side, built in the test from the real parts: test pattern → OpenH264 →
/// RFC 6184 payloader, tone → libopus → RFC 7587 payloader. It keeps every packet it sent
/// so it can answer NACKs (as RTX or plain resends) and forces an IDR on a PLI, like the
/// camera's feedback handlers will.
final class TestStreamSender {
    static let videoPayloadType: UInt8 = 102
    static let rtxPayloadType: UInt8 = 103
    static let audioPayloadType: UInt8 = 111
    static let framesPerSecond = 30

    let videoSSRC: UInt32
    let rtxSSRC: UInt32
    let audioSSRC: UInt32
    private let encoder: H264Encoder
    private let opus: OpusEncoder
    private var pattern: TestPatternSource
    private var tone: ToneSource
    private var picture: VideoFrame
    private var toneBlock: AudioFrame
    private var payloader: H264RTPPayloader
    private var videoSequencer: RTPSequencer
    private var audioSequencer: RTPSequencer
    private var opusPayloader: OpusRTPPayloader
    private var rtxSequenceNumber: UInt16 = 0
    private let initialVideoTimestamp: UInt32
    private var history: [UInt16: RTPPacket] = [:]
    /// Answer NACKs with RTX packets (true) or by resending the original (false).
    var answersWithRTX = true
    private(set) var framesSent = 0
    private(set) var audioPacketsSent = 0
    private(set) var nacksReceived = 0
    /// Every sequence number asked for, repeats included.
    private(set) var nackedNumbers: [UInt16] = []
    private(set) var pictureLossIndicationsReceived = 0
    private(set) var receiverReports: [RTCPReceiverReport] = []

    init(width: Int = 640, height: Int = 480, ssrcBase: UInt32 = 0x1000, sequenceStart: UInt16 = 65_000,
         timestampStart: UInt32 = 0xFFFF_0000) throws {
        videoSSRC = ssrcBase + 1
        rtxSSRC = ssrcBase + 2
        audioSSRC = ssrcBase + 3
        encoder = try H264Encoder(configuration: H264EncoderConfiguration(width: width, height: height, framesPerSecond: 30,
                                                                         targetBitrate: 800_000))
        opus = try OpusEncoder(configuration: OpusEncoderConfiguration(channelCount: 1, expectedPacketLossPercent: 10))
        pattern = TestPatternSource(width: width, height: height, framesPerSecond: Self.framesPerSecond, startTime: .zero)
        tone = ToneSource(channelCount: 1, startTime: .zero)
        picture = VideoFrame(width: width, height: height)
        toneBlock = AudioFrame(channelCount: 1, samplesPerChannel: 480)
        payloader = try H264RTPPayloader()
        videoSequencer = RTPSequencer(ssrc: videoSSRC, payloadType: Self.videoPayloadType, initialSequenceNumber: sequenceStart)
        audioSequencer = RTPSequencer(ssrc: audioSSRC, payloadType: Self.audioPayloadType, initialSequenceNumber: sequenceStart &+ 300)
        opusPayloader = OpusRTPPayloader(initialTimestamp: timestampStart &+ 12_345)
        initialVideoTimestamp = timestampStart
    }

    /// The next picture's RTP packets.
    func nextVideoFrame() throws -> [RTPPacket] {
        pattern.nextFrame(into: &picture)
        guard let unit = try encoder.encode(picture) else { return [] }
        let timestamp = initialVideoTimestamp &+ UInt32(framesSent * 3000)
        framesSent += 1
        let packets = try payloader.packetize(accessUnit: unit.annexB, rtpTimestamp: timestamp, sequencer: &videoSequencer)
        for packet in packets { history[packet.header.sequenceNumber] = packet }
        return packets
    }

    /// The next 20 ms of tone as RTP packets (one).
    func nextAudioPacket() throws -> [RTPPacket] {
        var packets: [RTPPacket] = []
        for _ in 0..<2 {
            tone.nextBlock(into: &toneBlock)
            try opus.encode(toneBlock) { packet in
                packets.append(try opusPayloader.packetize(opusPacket: Array(packet.payload), sequencer: &audioSequencer))
            }
        }
        audioPacketsSent += packets.count
        return packets
    }

    /// Reacts to the viewer's RTCP; returns the retransmissions to send.
    func receiveRTCP(_ bytes: [UInt8]) throws -> [RTPPacket] {
        var resent: [RTPPacket] = []
        for packet in try RTCPCompoundPacket(unmarshaling: bytes).packets {
            switch packet {
            case .genericNACK(let nack):
                nacksReceived += 1
                nackedNumbers.append(contentsOf: nack.lostSequenceNumbers)
                for number in nack.lostSequenceNumbers {
                    guard let original = history[number] else { continue }
                    if answersWithRTX {
                        resent.append(RTPRetransmission.wrap(original, ssrc: rtxSSRC, payloadType: Self.rtxPayloadType,
                                                             sequenceNumber: rtxSequenceNumber))
                        rtxSequenceNumber &+= 1
                    } else {
                        resent.append(original)
                    }
                }
            case .pictureLossIndication:
                pictureLossIndicationsReceived += 1
                encoder.requestKeyframe()
            case .receiverReport(let report):
                receiverReports.append(report)
            default:
                break
            }
        }
        return resent
    }
}
