import CameraPipeline
@testable import MediaSession
import RTCP
import RTP
import SDP
import Testing
import TestSupport
import WebRTC

extension PeerMediaSessionTests {
    /// Transport-wide congestion control (draft-holmer-rmcat-transport-wide-cc-extensions-01)
    /// on a live camera → viewer connection: the camera numbers every packet it sends to the
    /// viewer, the viewer answers with TWCC feedback built from its arrivals, and the
    /// delay-based estimate acts. Nested in the serialized suite so it never runs beside the
    /// other 720p loopback tests.
    @Suite(.serialized, .timeLimit(.minutes(2)))
    struct PeerMediaTransportWideTests {
        typealias Session = PeerMediaSessionTests

        /// Arrival-time stretch the viewer applies before reporting: 1 = what really arrived,
        /// 3/2 = every packet a further half of the elapsed time late (a queue that grows).
        @Test(arguments: [(stretchNumerator: Int64(1), decreases: false), (stretchNumerator: Int64(3), decreases: true)])
        func viewerFeedbackDrivesTheDelayBasedEstimate(stretchNumerator: Int64, decreases: Bool) async throws {
            let (stream, feedback) = try Session.makeStream()
            let stretch = (numerator: stretchNumerator, denominator: stretchNumerator == 1 ? Int64(1) : 2)
            var made: TransportWideFeedbackReceiver?
            let link = try CameraViewerLink(stream: stream, feedback: feedback) { viewer, sendRTCP in
                let video = try #require(viewer.transceivers.first { $0.kind == .video }?.negotiated)
                let audio = viewer.transceivers.compactMap(\.negotiated).first { $0.kind == .audio }
                let receiver = try TransportWideFeedbackReceiver(video: video, audio: audio, stretch: stretch, sendRTCP: sendRTCP)
                made = receiver
                return receiver
            }
            let receiver = try #require(made)
            #expect(link.sender.statistics.usesTransportWideFeedback)
            let initial = link.sender.statistics.estimatedBitrate
            #expect(await Session.eventually(within: .seconds(10)) {
                receiver.results.value.audioPackets >= 50 && link.sender.statistics.transportWideFeedbacksReceived >= 40
            }, "\(receiver.results.value), \(link.sender.statistics)")
            let results = receiver.results.value
            #expect(results.videoPackets > 100)
            #expect(results.packetsWithoutNumber == 0, "every video, audio and RTX packet carries the extension")
            #expect(results.numberingBreaks == 0,
                    "numbers increase by one per packet across video and audio: \(results.numberingBreaks) breaks")
            #expect(link.sender.statistics.transportWidePacketsSent >= results.videoPackets + results.audioPackets)
            if decreases {
                #expect(await Session.eventually(within: .seconds(5)) {
                    link.sender.statistics.estimatedBitrate < initial * 3 / 4 && stream.counters.targetBitrate < initial * 3 / 4
                }, "a growing delay brings the estimate and the encoder target down from \(initial): \(link.sender.statistics)")
            } else {
                #expect(link.sender.statistics.estimatedBitrate >= initial * 3 / 4,
                        "arrivals as sent do not look like a queue: \(link.sender.statistics)")
            }
            await link.close()
        }

        /// A viewer whose offer lacks transport-cc (stripped from the SDP, as a peer without
        /// TWCC would answer): the sender does not number packets.
        @Test func withoutTransportCCNothingIsNumbered() async throws {
            let (stream, feedback) = try Session.makeStream()
            let certificate = try #require(TestCertificate.shared)
            let configuration = PeerConnectionConfiguration.loopback(certificate: certificate)
            let camera = PeerConnection(configuration: configuration, onPacket: { _ in })
            let viewer = PeerConnection(configuration: configuration, onPacket: { _ in })
            try camera.addTransceiver(.video, direction: .sendonly)
            try viewer.addTransceiver(.video, direction: .recvonly)
            let offer = try camera.createOffer()
                .split(separator: "\r\n", omittingEmptySubsequences: false)
                .filter { !$0.contains("transport-cc") && !$0.contains("transport-wide-cc") }
                .joined(separator: "\r\n")
            try viewer.setRemoteOffer(offer)
            try camera.setRemoteAnswer(try viewer.createAnswer())
            let media = try #require(camera.transceivers.first { $0.kind == .video }?.negotiated)
            #expect(!media.rtcpFeedback.contains("transport-cc"))
            #expect(media.extensionID(SDPLocalParameters.transportCCExtension) == nil)
            let sender = try PeerMediaSender(connection: camera, stream: stream, feedback: feedback)
            #expect(!sender.statistics.usesTransportWideFeedback)
            #expect(sender.state.withLock { $0.transportWide } == nil)
            camera.close()
            viewer.close()
        }
    }
}

/// The sequencer's byte work on single packets: RFC 8285 §4.2 one-byte form, added as a new
/// block or appended to the packet's own.
struct PeerMediaTransportWideSequencerTests {
    static let payload: [UInt8] = [0xAA, 0xBB, 0xCC]

    @Test func packetWithoutExtensionGetsANewOneByteBlock() throws {
        var sequencer = PeerMediaTransportWideSequencer(videoExtensionID: 3, audioExtensionID: nil, initialSequenceNumber: 0xFFFF)
        let original = try RTPPacket(header: RTPHeader(payloadType: 102, sequenceNumber: 7, timestamp: 9, ssrc: 1),
                                     payload: Self.payload).marshaled()
        var buffer: [UInt8] = []
        let number = original.withUnsafeBytes { sequencer.copy($0, extensionID: 3, into: &buffer) }
        #expect(number == 0xFFFF)
        sequencer.advance()
        #expect(sequencer.nextSequenceNumber == 0, "16-bit numbers wrap")
        let parsed = try buffer.withUnsafeBytes { try RTPPacket(unmarshaling: $0) }
        #expect(parsed.header.headerExtension?.value(id: 3) == [0xFF, 0xFF])
        #expect(parsed.header.sequenceNumber == 7)
        #expect(parsed.payload == Self.payload)
    }

    @Test func oneByteBlockGetsOneMoreElement() throws {
        let sequencer = PeerMediaTransportWideSequencer(videoExtensionID: 5, audioExtensionID: nil, initialSequenceNumber: 0x1234)
        let header = RTPHeader(payloadType: 102, sequenceNumber: 7, timestamp: 9, ssrc: 1, csrcs: [42],
                               headerExtension: .oneByte([RTPHeaderExtensionElement(id: 1, value: [0x61])]))
        let original = try RTPPacket(header: header, payload: Self.payload).marshaled()
        var buffer: [UInt8] = []
        let number = original.withUnsafeBytes { sequencer.copy($0, extensionID: 5, into: &buffer) }
        #expect(number == 0x1234)
        let parsed = try buffer.withUnsafeBytes { try RTPPacket(unmarshaling: $0) }
        #expect(parsed.header.headerExtension?.value(id: 1) == [0x61])
        #expect(parsed.header.headerExtension?.value(id: 5) == [0x12, 0x34])
        #expect(parsed.header.csrcs == [42])
        #expect(parsed.payload == Self.payload)
    }

    @Test func twoByteBlockAndTruncatedHeaderAreCopiedUnchanged() throws {
        let sequencer = PeerMediaTransportWideSequencer(videoExtensionID: 5, audioExtensionID: nil)
        let header = RTPHeader(payloadType: 102, sequenceNumber: 7, timestamp: 9, ssrc: 1,
                               headerExtension: .twoByte(appBits: 0, [RTPHeaderExtensionElement(id: 20, value: [1])]))
        let twoByte = try RTPPacket(header: header, payload: Self.payload).marshaled()
        for original in [twoByte, [0x80, 0x66, 0x00]] {
            var buffer: [UInt8] = [9, 9]
            let number = original.withUnsafeBytes { sequencer.copy($0, extensionID: 5, into: &buffer) }
            #expect(number == nil)
            #expect(buffer == original)
        }
    }
}

/// A viewer reduced to transport-wide feedback: reads the number from each RTP packet,
/// checks the numbering, and every 50 ms reports the arrivals (optionally stretched in time
/// to fake a growing queue) in one `RTCPTransportWideFeedback`.
final class TransportWideFeedbackReceiver: ReceivedMediaConsumer {
    struct Results: Sendable {
        var videoPackets = 0
        var audioPackets = 0
        var packetsWithoutNumber = 0
        var numberingBreaks = 0
        var feedbacksSent = 0
    }

    let results = Shared(Results())
    private let videoSSRCs: Set<UInt32>
    private let mediaSSRC: UInt32
    private let audioSSRC: UInt32?
    private let videoID: UInt8
    private let audioID: UInt8?
    private let stretch: (numerator: Int64, denominator: Int64)
    private let sendRTCP: @Sendable ([UInt8]) -> Void
    private var previous: UInt16?
    private var base: UInt16?
    private var arrivals: [Int64?] = []
    private var feedbackCount: UInt8 = 0
    private var nextFeedback: Duration = .milliseconds(50)

    init(video: SDPNegotiatedMedia, audio: SDPNegotiatedMedia?, stretch: (numerator: Int64, denominator: Int64),
         sendRTCP: @escaping @Sendable ([UInt8]) -> Void) throws {
        videoID = try #require(video.extensionID(SDPLocalParameters.transportCCExtension))
        audioID = audio?.extensionID(SDPLocalParameters.transportCCExtension)
        videoSSRCs = Set(video.remoteSSRCs + [video.remoteRTXSSRC].compactMap { $0 })
        mediaSSRC = try #require(video.remoteSSRCs.first)
        audioSSRC = audio?.remoteSSRCs.first
        self.stretch = stretch
        self.sendRTCP = sendRTCP
    }

    func receiveRTP(_ bytes: UnsafeRawBufferPointer, at now: Duration) {
        guard let packet = try? RTPPacket(unmarshaling: bytes) else { return }
        let isVideo = videoSSRCs.contains(packet.header.ssrc)
        guard isVideo || packet.header.ssrc == audioSSRC, let id = isVideo ? videoID : audioID else { return }
        guard let value = packet.header.headerExtension?.value(id: id), value.count == 2 else {
            results.withLock { $0.packetsWithoutNumber += 1 }
            return
        }
        let number = UInt16(value[0]) << 8 | UInt16(value[1])
        results.withLock {
            if isVideo { $0.videoPackets += 1 } else { $0.audioPackets += 1 }
            if let previous, number != previous &+ 1 { $0.numberingBreaks += 1 }
        }
        previous = number
        let arrival = Int64(now.components.seconds) * 1_000_000 + now.components.attoseconds / 1_000_000_000_000
        if base == nil { base = number }
        guard let base else { return }
        let offset = Int(number &- base)
        guard offset < 4096 else { return }
        while arrivals.count <= offset { arrivals.append(nil) }
        arrivals[offset] = arrival * stretch.numerator / stretch.denominator
    }

    func receiveRTCP(_ bytes: UnsafeRawBufferPointer, at now: Duration) {}

    func poll(at now: Duration) {
        guard now >= nextFeedback else { return }
        nextFeedback = now + .milliseconds(50)
        guard let base, !arrivals.isEmpty else { return }
        let feedback = try? RTCPTransportWideFeedback(senderSSRC: 0x7E57_0003, mediaSSRC: mediaSSRC,
                                                      baseSequenceNumber: base, feedbackPacketCount: feedbackCount,
                                                      arrivals: arrivals)
        if let feedback, let bytes = try? RTCPCompoundPacket(packets: [.transportWideFeedback(feedback)]).marshaled() {
            sendRTCP(bytes)
            feedbackCount &+= 1
            results.withLock { $0.feedbacksSent += 1 }
        }
        self.base = base &+ UInt16(arrivals.count)
        arrivals.removeAll(keepingCapacity: true)
    }

    var nextDeadline: Duration? { nextFeedback }

    func finish(at now: Duration) {}
}
