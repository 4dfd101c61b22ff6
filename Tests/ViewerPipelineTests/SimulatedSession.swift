import Foundation
import Media
import RTP
@testable import ViewerPipeline
import TestSupport

/// A sender and a `ViewerPipeline` joined by a simulated network on a millisecond clock:
/// every packet gets an arrival time (or is dropped) from the test's policy, RTCP goes
/// back after `returnDelay`, and the pipeline is polled every millisecond. Nothing sleeps,
/// so five seconds of media take as long as encoding and decoding them.
final class SimulatedSession {
    enum Kind { case media, retransmission }
    /// Decides each packet's fate: nil drops it, otherwise the one-way delay in ms.
    /// Arguments: the packet, what it is, a running index of packets of that kind.
    typealias Network = (RTPPacket, Kind, Int, inout SeededGenerator) -> [Int]

    let pipeline: ViewerPipeline
    var sender: TestStreamSender
    private var network: Network
    private var random: SeededGenerator
    private var inFlight: [(arrival: Int, bytes: [UInt8], sequence: Int)] = []
    private var toSender: [(arrival: Int, bytes: [UInt8])] = []
    private var rtcpOut: [[UInt8]] = []
    private var deliveredCount = 0
    private var mediaIndex = 0
    private var retransmissionIndex = 0
    let returnDelay: Int
    private(set) var now = 0
    private(set) var refused: [ViewerPipelineInputError] = []

    init(configuration: ViewerPipelineConfiguration, outputs: ViewerOutputConfiguration, sender: TestStreamSender,
         seed: UInt64 = 1, returnDelay: Int = 20, network: @escaping Network) throws {
        self.sender = sender
        self.network = network
        self.returnDelay = returnDelay
        random = SeededGenerator(seed: seed)
        let box = RTCPOutbox()
        pipeline = try ViewerPipeline(configuration: configuration, outputs: outputs, startTime: .zero,
                                      sendRTCP: { box.datagrams.append($0) })
        outbox = box
    }

    private let outbox: RTCPOutbox

    static func configuration(nack: Bool = true, rtx: Bool = true, sender: TestStreamSender) -> ViewerPipelineConfiguration {
        let video = ReceiverStreamParameters(
            payloadType: TestStreamSender.videoPayloadType, clockRate: 90_000,
            retransmission: rtx ? .init(payloadType: TestStreamSender.rtxPayloadType) : nil)
        let audio = ReceiverStreamParameters(payloadType: TestStreamSender.audioPayloadType, clockRate: 48_000)
        return ViewerPipelineConfiguration(
            localSSRC: 0xABCD,
            video: VideoReceiverConfiguration(stream: video, nack: nack ? .init() : nil),
            audio: AudioReceiverConfiguration(stream: audio))
    }

    /// Streams `seconds` of video (30 fps) and audio (50 packets/s) from `now` on.
    func run(seconds: Int) throws {
        let start = now
        let end = start + seconds * 1000
        var framesDue = 0, audioDue = 0
        while now < end {
            let elapsed = now - start
            while framesDue * 1000 / TestStreamSender.framesPerSecond <= elapsed {
                for packet in try sender.nextVideoFrame() { send(packet, kind: .media) }
                framesDue += 1
            }
            while audioDue * 20 <= elapsed {
                for packet in try sender.nextAudioPacket() { send(packet, kind: .media) }
                audioDue += 1
            }
            try step()
        }
    }

    /// Lets the network and pipeline run on without new media (drain, outages).
    func idle(milliseconds: Int) throws {
        for _ in 0..<milliseconds { try step() }
    }

    func finish() {
        pipeline.finish(at: .milliseconds(now))
    }

    var rtcpDatagrams: [[UInt8]] { outbox.datagrams }

    private func send(_ packet: RTPPacket, kind: Kind) {
        let index: Int
        switch kind {
        case .media: index = mediaIndex; mediaIndex += 1
        case .retransmission: index = retransmissionIndex; retransmissionIndex += 1
        }
        guard let bytes = try? packet.marshaled() else { return }
        for delay in network(packet, kind, index, &random) {
            inFlight.append((now + delay, bytes, deliveredCount))
            deliveredCount += 1
        }
    }

    private func step() throws {
        let arrived = inFlight.filter { $0.arrival <= now }.sorted { ($0.arrival, $0.sequence) < ($1.arrival, $1.sequence) }
        inFlight.removeAll { $0.arrival <= now }
        for packet in arrived {
            do { try pipeline.receiveRTP(packet.bytes, at: .milliseconds(now)) } catch { refused.append(error) }
        }
        pipeline.poll(at: .milliseconds(now))
        for datagram in outbox.datagrams[rtcpOut.count...] {
            rtcpOut.append(datagram)
            toSender.append((now + returnDelay, datagram))
        }
        let feedback = toSender.filter { $0.arrival <= now }
        toSender.removeAll { $0.arrival <= now }
        for datagram in feedback {
            for packet in try sender.receiveRTCP(datagram.bytes) { send(packet, kind: .retransmission) }
        }
        now += 1
    }
}

/// Collects the pipeline's outgoing RTCP (a class so the pipeline's closure can fill it).
final class RTCPOutbox {
    var datagrams: [[UInt8]] = []
}

