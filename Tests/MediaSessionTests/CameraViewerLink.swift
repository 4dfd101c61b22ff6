import CameraPipeline
import DTLS
import MediaSession
import Synchronization
import TestSupport
import Testing
import ViewerPipeline
import WebRTC

/// The one certificate every test connection uses: made once, as an agent makes it.
enum TestCertificate {
    static let shared: DTLSCertificate? = try? DTLSCertificate.generate(commonName: "PeerCam media tests")
}

/// One camera → viewer connection in this process over loopback, as camera-agent and
/// viewer-agent will wire it: the camera offers send-only video + audio, the viewer answers
/// receive-only; SDP passed directly, candidates trickled by two relay tasks. The camera
/// side is the code under test (`PeerMediaSender`); the viewer side is `PeerMediaReceiver`
/// feeding a `TestMediaReceiver`.
final class CameraViewerLink: Sendable {
    let camera: PeerConnection
    let viewer: PeerConnection
    let sender: PeerMediaSender
    let receiver: PeerMediaReceiver
    let offeredAt: ContinuousClock.Instant
    /// Time zero of the receiver's clock (its creation, right after offer/answer).
    let receiverCreatedAt: ContinuousClock.Instant
    /// RTP packets the drop hook threw away on the viewer's receive path.
    let dropped: Shared<Int>
    private let cameraRouter: PeerMediaPacketRouter
    private let viewerRouter: PeerMediaPacketRouter
    private let tasks: Mutex<[Task<Void, Never>]>

    /// - Parameter dropPercent: share of RTP packets (media and RTX, each SSRC's first packet
    ///   excepted) the viewer's receive path discards before the receiver sees them, decided
    ///   by a seeded generator.
    /// - Parameter makeConsumer: the viewer's consumer, given the negotiated viewer connection
    ///   and the function that sends its RTCP.
    init(stream: CameraStream, feedback: CameraStreamFeedback, dropPercent: Int = 0, seed: UInt64 = 1,
         receiveQueueCapacity: Int = 1024,
         makeConsumer: (PeerConnection, @escaping @Sendable ([UInt8]) -> Void) throws -> any ReceivedMediaConsumer) throws {
        let certificate = try #require(TestCertificate.shared)
        let configuration = PeerConnectionConfiguration.loopback(certificate: certificate)
        let cameraRouter = PeerMediaPacketRouter()
        let viewerRouter = PeerMediaPacketRouter()
        self.cameraRouter = cameraRouter
        self.viewerRouter = viewerRouter
        let camera = PeerConnection(configuration: configuration, onPacket: cameraRouter.handler)
        self.camera = camera
        let generator = Mutex(SeededGenerator(seed: seed))
        let heardSSRCs = Mutex<Set<UInt32>>([])
        let dropped = Shared(0)
        self.dropped = dropped
        let route = viewerRouter.handler
        let viewer = PeerConnection(configuration: configuration, onPacket: { packet in
            // The first packet of each SSRC is spared: no earlier neighbour can reveal its loss
            // to a NACK generator (the PLI test covers a lost start instead).
            if dropPercent > 0, packet.kind == .rtp, packet.bytes.count >= 12,
               !heardSSRCs.withLock({ $0.insert(packet.bytes.load(fromByteOffset: 8, as: UInt32.self).bigEndian).inserted }),
               generator.withLock({ Int.random(in: 0..<100, using: &$0) }) < dropPercent {
                dropped.withLock { $0 += 1 }
                return
            }
            route(packet)
        })
        self.viewer = viewer
        try camera.addTransceiver(.video, direction: .sendonly)
        try camera.addTransceiver(.audio, direction: .sendonly)
        try viewer.addTransceiver(.video, direction: .recvonly)
        try viewer.addTransceiver(.audio, direction: .recvonly)

        offeredAt = .now
        try viewer.setRemoteOffer(try camera.createOffer())
        try camera.setRemoteAnswer(try viewer.createAnswer())

        let sender = try PeerMediaSender(connection: camera, stream: stream, feedback: feedback)
        self.sender = sender
        cameraRouter.attach(sender)

        receiverCreatedAt = .now
        let receiver = try PeerMediaReceiver(connection: viewer, queueCapacity: receiveQueueCapacity) { sendRTCP in try makeConsumer(viewer, sendRTCP) }
        self.receiver = receiver
        receiver.start()
        viewerRouter.attach(receiver)

        let states = camera.connectionStates
        tasks = Mutex([
            camera.trickleCandidates(to: viewer),
            viewer.trickleCandidates(to: camera),
            Task { await sender.follow(states) },
        ])
    }

    /// Closes both ends; returns once the sender left the stream and the receiver stopped.
    func close() async {
        camera.close()
        viewer.close()
        let tasks = self.tasks.withLock { $0 }
        for task in tasks { await task.value }
        receiver.stop()
        cameraRouter.detach()
        viewerRouter.detach()
    }
}

extension CameraViewerLink {
    /// A link whose viewer is the test's own `TestMediaReceiver`; returns its results and
    /// the flag that makes it send a PLI.
    static func withTestReceiver(stream: CameraStream, feedback: CameraStreamFeedback, width: Int, height: Int,
                                 seed: UInt64 = 1) throws
        -> (link: CameraViewerLink, results: Shared<TestMediaReceiver.Results>, pictureLoss: Shared<Bool>)
    {
        var made: TestMediaReceiver?
        let link = try CameraViewerLink(stream: stream, feedback: feedback, seed: seed) { viewer, sendRTCP in
            let videoMedia = try #require(viewer.transceivers.first { $0.kind == .video }?.negotiated)
            let audioMedia = viewer.transceivers.first { $0.kind == .audio }?.negotiated
            let video = TestMediaReceiver.Stream(ssrc: try #require(videoMedia.remoteSSRCs.first),
                                                 payloadType: videoMedia.payloadType, rtxPayloadType: videoMedia.rtxPayloadType)
            let audio = audioMedia.flatMap { media in
                media.remoteSSRCs.first.map { TestMediaReceiver.Stream(ssrc: $0, payloadType: media.payloadType) }
            }
            let consumer = try TestMediaReceiver(video: video, audio: audio, width: width, height: height, sendRTCP: sendRTCP)
            made = consumer
            return consumer
        }
        let consumer = try #require(made)
        return (link, consumer.results, consumer.pictureLossRequested)
    }

    /// A link whose viewer is the real `ViewerPipeline`, writing `outputs`.
    static func withViewerPipeline(stream: CameraStream, feedback: CameraStreamFeedback, outputs: ViewerOutputConfiguration,
                                   dropPercent: Int = 0, seed: UInt64 = 1) throws
        -> (link: CameraViewerLink, pipeline: ViewerPipelineConsumer)
    {
        var made: ViewerPipelineConsumer?
        let link = try CameraViewerLink(stream: stream, feedback: feedback, dropPercent: dropPercent, seed: seed) { viewer, sendRTCP in
            let configuration = try ViewerPipelineConfiguration.negotiated(on: viewer, localSSRC: 0x7E57_0002)
            let consumer = ViewerPipelineConsumer(pipeline: try ViewerPipeline(
                configuration: configuration, outputs: outputs, startTime: .zero, sendRTCP: sendRTCP))
            made = consumer
            return consumer
        }
        return (link, try #require(made))
    }
}
