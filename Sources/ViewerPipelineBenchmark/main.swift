// Prints what the viewer's receive path costs per frame: RTP packets in → reorder buffer →
// depacketize → OpenH264 decode → Y4M to /dev/null (plus Opus at 50 packets/s), against
// OpenH264 decoding the same access units alone. Encoding happens before timing starts.
import Foundation
import H264
import Media
import Opus
import RTP
import ViewerPipeline

struct Workload {
    var videoPackets: [[[UInt8]]] = []
    var audioPackets: [[UInt8]] = []
    var accessUnits: [EncodedVideoFrame] = []
}

func makeWorkload(width: Int, height: Int, frames: Int) throws -> Workload {
    let encoder = try H264Encoder(configuration: H264EncoderConfiguration(width: width, height: height, targetBitrate: 2_000_000))
    var pattern = TestPatternSource(width: width, height: height, framesPerSecond: 30, startTime: .zero)
    var picture = VideoFrame(width: width, height: height)
    var payloader = try H264RTPPayloader()
    var sequencer = RTPSequencer(ssrc: 1, payloadType: 102, initialSequenceNumber: 0)
    let opus = try OpusEncoder(configuration: OpusEncoderConfiguration(channelCount: 1))
    var opusPayloader = OpusRTPPayloader(initialTimestamp: 0)
    var audioSequencer = RTPSequencer(ssrc: 3, payloadType: 111, initialSequenceNumber: 0)
    var tone = ToneSource(startTime: .zero)
    var workload = Workload()
    for index in 0..<frames {
        pattern.nextFrame(into: &picture)
        guard let unit = try encoder.encode(picture) else { continue }
        workload.accessUnits.append(unit)
        let packets = try payloader.packetize(accessUnit: unit.annexB, rtpTimestamp: UInt32(index * 3000), sequencer: &sequencer)
        workload.videoPackets.append(try packets.map { try $0.marshaled() })
    }
    for _ in 0..<(frames * 5 / 3) {
        for _ in 0..<2 {
            try opus.encode(tone.nextBlock()) { packet in
                workload.audioPackets.append(try opusPayloader.packetize(opusPacket: Array(packet.payload),
                                                                        sequencer: &audioSequencer).marshaled())
            }
        }
    }
    return workload
}

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = MediaTime.now()
    try body()
    return MediaTime.now().since(start).seconds
}

let frames = 300
print("viewer-pipeline-benchmark: \(frames) frames at 30 fps + Opus 20 ms, simulated clock, outputs Y4M+WAV to /dev/null")
for (width, height) in [(640, 480), (1280, 720)] {
    let workload = try makeWorkload(width: width, height: height, frames: frames)
    // The machine is shared and noisy: best of three rounds for each figure.
    var pipelineTime = Double.infinity, decodeTime = Double.infinity, decoded: Int64 = 0
    for _ in 0..<3 {
        let configuration = ViewerPipelineConfiguration(
            localSSRC: 9,
            video: VideoReceiverConfiguration(stream: ReceiverStreamParameters(payloadType: 102, clockRate: 90_000)),
            audio: AudioReceiverConfiguration(stream: ReceiverStreamParameters(payloadType: 111, clockRate: 48_000)))
        let pipeline = try ViewerPipeline(configuration: configuration,
                                          outputs: ViewerOutputConfiguration(video: .file(path: "/dev/null"), audio: .file(path: "/dev/null")),
                                          startTime: .zero, sendRTCP: { _ in })
        pipelineTime = min(pipelineTime, try seconds {
            var audio = workload.audioPackets.makeIterator()
            for (index, packets) in workload.videoPackets.enumerated() {
                let now = Duration.milliseconds(index * 1000 / 30)
                for packet in packets { try pipeline.receiveRTP(packet, at: now) }
                if index % 3 != 2, let packet = audio.next() { try pipeline.receiveRTP(packet, at: now) }
                pipeline.poll(at: now)
            }
            pipeline.finish(at: .seconds(frames / 30 + 1))
        })
        decoded = pipeline.statistics().video?.framesDecoded ?? 0
        let decoder = try H264Decoder()
        var picture = VideoFrame(width: width, height: height)
        decodeTime = min(decodeTime, try seconds {
            for unit in workload.accessUnits { try decoder.decode(unit, into: &picture) }
        })
    }
    let perFrame = pipelineTime / Double(frames) * 1e6
    let decodePerFrame = decodeTime / Double(frames) * 1e6
    print(String(format: "%4dx%-4d pipeline %7.0f µs/frame (%4.1f %% of a core at 30 fps), decoded %d/%d; OpenH264 alone %7.0f µs/frame; pipeline overhead %6.0f µs/frame",
                 width, height, perFrame, perFrame * 30 / 1e4, decoded, frames, decodePerFrame, perFrame - decodePerFrame))
}
