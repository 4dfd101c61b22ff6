import CameraPipeline
import H264
import Media
import Opus
import RTP
import Testing

/// The fan-out's output is a real, decodable stream: every frame comes back, in order.
@Suite(.timeLimit(.minutes(2)))
struct CameraStreamDecodeTests {
    /// 3 s of 480p30 (plus the tone) through capture → encoder → packetizer → fan-out, then
    /// depacketized, decoded and every stamped frame index read back.
    @Test func fanOutOutputDecodesToEveryFrameInOrder() async throws {
        let frames = 100
        let video = ScriptedVideoSources(width: 640, height: 480, frameLimit: frames)
        let stream = try CameraStream(configuration: testStreamConfiguration(width: 640, height: 480, withAudio: true),
                                      sources: CameraStreamSources(
                                        makeVideo: video.sources.makeVideo,
                                        makeAudio: { stop in ToneAudioSource(clock: FreeRunningPacingClock(), stop: stop) }))
        let subscriber = RecordingSubscriber()
        let subscription = try stream.subscribe(subscriber)
        let received = await subscriber.waitForAccessUnits(frames)
        await stream.unsubscribe(subscription)

        let decoder = try H264Decoder()
        let reader = TestPatternFrameIndexReader()
        var picture = VideoFrame(width: 640, height: 480)
        var indexes: [UInt32] = []
        for unit in try testCompleteAccessUnits(from: received.video) {
            let unit = try #require(unit, "no access unit may be damaged on a lossless path")
            let encoded = EncodedVideoFrame(annexB: unit.annexB, isKeyframe: unit.isKeyframe, width: 640, height: 480,
                                            timestamp: .zero, sequenceNumber: 0)
            if try decoder.decode(encoded, into: &picture) {
                indexes.append(try #require(reader.frameIndex(in: picture)))
            }
        }
        #expect(indexes == (0..<UInt32(frames)).map { $0 })

        let packets = try received.video.map { try RTPPacket(unmarshaling: $0) }
        #expect(packets.allSatisfy { $0.header.ssrc == 0x1111_2222 && $0.header.payloadType == 102 })
        #expect(packets.allSatisfy { $0.marshaledSize <= 1200 + 12 }, "payloads stay within the MTU budget")
        #expect(zip(packets, packets.dropFirst()).allSatisfy { $1.header.sequenceNumber == $0.header.sequenceNumber &+ 1 })
        let timestamps = packets.filter(\.header.marker).map(\.header.timestamp)
        let steps = zip(timestamps, timestamps.dropFirst()).map { $1 &- $0 }
        #expect(steps.allSatisfy { $0 == 3_000 }, "90 kHz clock at 30 fps: \(steps)")

        let audio = try received.audio.map { try RTPPacket(unmarshaling: $0) }
        #expect(!audio.isEmpty)
        #expect(audio.allSatisfy { $0.header.ssrc == 0x3333_4444 && $0.header.payloadType == 111 })
        #expect(zip(audio, audio.dropFirst()).allSatisfy { $1.header.timestamp &- $0.header.timestamp == 960 })
        let opus = try OpusDecoder(channelCount: 1)
        var block = AudioFrame(channelCount: 1, samplesPerChannel: 960)
        for packet in audio.prefix(10) {
            try opus.decode(EncodedAudioPacket(payload: packet.payload, channelCount: 1, samplesPerChannel: 960,
                                               timestamp: .zero, sequenceNumber: 0), into: &block)
            #expect(block.samplesPerChannel == 960)
        }
    }
}
