import CameraPipeline
import MediaSession
import Testing
import TestSupport
import WebRTC

/// Fan-out over real connections (issue 6): PLI from a viewer becomes one IDR of the shared
/// encoder; two viewers of one stream share one encoder; nothing is sent before DTLS.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct PeerMediaFanOutTests {
    typealias Session = PeerMediaSessionTests

    @Test func pictureLossIndicationFromTheViewerForcesOneKeyframeFromTheSharedEncoder() async throws {
        let (stream, feedback) = try Session.makeStream()
        let (link, results, pictureLoss) = try CameraViewerLink.withTestReceiver(
            stream: stream, feedback: feedback, width: Session.width, height: Session.height)
        #expect(await Session.eventually(within: .seconds(10)) { results.value.frameIndexes.count >= 30 })
        // Past the stream's keyframe throttle (500 ms), so the PLI is not merged with the join IDR.
        try await Task.sleep(for: .milliseconds(700))
        let forcedBefore = stream.counters.keyframesForced
        let keyframesDecodedBefore = results.value.keyframesDecoded
        let lastFrameBefore = results.value.frameIndexes.last ?? 0
        pictureLoss.withLock { $0 = true }
        #expect(await Session.eventually(within: .seconds(3)) {
            results.value.keyframesDecoded > keyframesDecodedBefore
        }, "a keyframe reached the viewer after its PLI")
        let statistics = link.sender.statistics
        #expect(statistics.picturesLossIndications == 1)
        #expect(stream.counters.keyframesForced == forcedBefore + 1, "exactly one IDR forced for one PLI")
        #expect((results.value.lastKeyframeIndex ?? 0) > lastFrameBefore, "the new keyframe is a later picture")
        await link.close()
    }

    @Test func twoViewersOfOneStreamShareOneEncoderAndBothDecode() async throws {
        let (stream, feedback) = try Session.makeStream()
        let (first, firstResults, _) = try CameraViewerLink.withTestReceiver(
            stream: stream, feedback: feedback, width: Session.width, height: Session.height)
        #expect(await Session.eventually(within: .seconds(10)) { firstResults.value.frameIndexes.count >= 15 })
        let (second, secondResults, _) = try CameraViewerLink.withTestReceiver(
            stream: stream, feedback: feedback, width: Session.width, height: Session.height, seed: 2)
        #expect(await Session.eventually(within: .seconds(10)) { secondResults.value.frameIndexes.count >= 60 })
        let counters = stream.counters
        #expect(counters.subscriberCount == 2)
        #expect(counters.framesEncoded <= counters.framesCaptured && counters.framesCaptured - counters.framesEncoded <= 1,
                "one encoder: frames encoded = frames captured (\(counters.framesEncoded) / \(counters.framesCaptured)), not twice")
        let one = firstResults.value.frameIndexes
        let two = secondResults.value.frameIndexes
        #expect(UInt64(one.count) + 3 >= counters.framesEncoded, "the first viewer decoded every frame: \(one.count)")
        #expect((two.first ?? 0) > 0, "the second viewer joined mid-stream")
        for indexes in [one, two] {
            #expect(zip(indexes, indexes.dropFirst()).allSatisfy { $1 == $0 + 1 }, "in order, none missing")
        }
        #expect(first.sender.peerID != second.sender.peerID)
        await first.close()
        #expect(stream.subscriberCount == 1, "one viewer leaving leaves the other watching")
        await second.close()
        #expect(stream.subscriberCount == 0 && !stream.counters.isRunning)
    }

    @Test func aViewerBeyondTheStreamLimitIsRefusedWithTheReasonAndTheOthersCarryOn() async throws {
        let (stream, feedback) = try Session.makeStream(subscriberLimit: 1)
        let (first, firstResults, _) = try CameraViewerLink.withTestReceiver(
            stream: stream, feedback: feedback, width: Session.width, height: Session.height)
        #expect(await Session.eventually(within: .seconds(10)) { firstResults.value.frameIndexes.count >= 5 })
        let (second, _, _) = try CameraViewerLink.withTestReceiver(
            stream: stream, feedback: feedback, width: Session.width, height: Session.height, seed: 2)
        #expect(await Session.eventually(within: .seconds(10)) { second.sender.subscribeFailure != nil })
        #expect(second.sender.subscribeFailure == .perStreamLimitReached(limit: 1))
        #expect(!second.sender.statistics.isSending && second.sender.statistics.videoPacketsSent == 0)
        let decoded = firstResults.value.frameIndexes.count
        #expect(await Session.eventually(within: .seconds(5)) { firstResults.value.frameIndexes.count > decoded + 10 },
                "the first viewer keeps receiving")
        await second.close()
        await first.close()
        #expect(stream.subscriberCount == 0)
    }

    @Test func nothingIsSubscribedOrSentBeforeTheConnectionIsUp() async throws {
        let (stream, feedback) = try Session.makeStream()
        let certificate = try #require(TestCertificate.shared)
        let configuration = PeerConnectionConfiguration.loopback(certificate: certificate)
        let camera = PeerConnection(configuration: configuration)
        let viewer = PeerConnection(configuration: configuration)
        try camera.addTransceiver(.video, direction: .sendonly)
        try viewer.addTransceiver(.video, direction: .recvonly)
        try viewer.setRemoteOffer(try camera.createOffer())
        try camera.setRemoteAnswer(try viewer.createAnswer())
        // No candidates trickled: ICE cannot connect.
        let sender = try PeerMediaSender(connection: camera, stream: stream, feedback: feedback)
        let states = camera.connectionStates
        let follow = Task { await sender.follow(states) }
        try await sender.start()
        try await Task.sleep(for: .milliseconds(300))
        #expect(stream.subscriberCount == 0, "not subscribed before .connected")
        #expect(!stream.counters.isRunning, "so the camera is not even capturing")
        let statistics = sender.statistics
        #expect(!statistics.isSending && statistics.videoPacketsSent == 0 && statistics.audioPacketsSent == 0)
        camera.close()
        await follow.value
        try await sender.start()
        #expect(stream.subscriberCount == 0, "a closed sender never subscribes again")
        viewer.close()
    }

    @Test func aConnectionWithoutASendingVideoTransceiverIsRefused() throws {
        let (stream, feedback) = try Session.makeStream()
        let certificate = try #require(TestCertificate.shared)
        let connection = PeerConnection(configuration: .loopback(certificate: certificate))
        try connection.addTransceiver(.video, direction: .recvonly)
        #expect(throws: MediaSessionError.rfc8829NoSendingTransceiver(.video)) {
            try PeerMediaSender(connection: connection, stream: stream, feedback: feedback)
        }
        connection.close()
    }
}
