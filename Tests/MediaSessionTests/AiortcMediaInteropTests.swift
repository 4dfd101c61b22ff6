import CameraPipeline
import Foundation
import H264
import Media
import MediaSession
import Synchronization
import Testing
import TestSupport
import ViewerPipeline
import WebRTC

extension PeerMediaSessionTests {
    /// Issue 5, "Must show", last bullet: PeerCam's media session against aiortc 1.16, a WebRTC
    /// stack nobody here wrote (Tests/Interop/aiortc_media_peer.py, loopback only, no STUN).
    ///
    /// - Camera side: `CameraStream` (test pattern 640x480@30 + tone) → `PeerMediaSender` →
    ///   `PeerConnection` ⇄ aiortc `--receive`, which decodes with its own H264/Opus decoders and
    ///   reads the frame-index stamp back; its report is compared with the stream's counters.
    /// - Viewer side: aiortc `--send` (the same picture and tone steps, encoded by aiortc) →
    ///   `PeerConnection` → `PeerMediaReceiver` → `ViewerPipeline` writing Y4M + WAV, read back
    ///   from the files with `TestPatternFrameIndexReader` and `ToneDetector`.
    ///
    /// Each direction runs with either side offering. Serialized: every test encodes and
    /// decodes in real time next to a Python process on a shared 2-core machine. Without the
    /// `.venv` that `scripts/bootstrap` makes, every test is reported as skipped, never passed.
    ///
    /// Nested in `PeerMediaSessionTests` (a serialized suite) so these never run beside its 720p
    /// loopback tests: two real-time encoders and a Python peer at once starve each other on
    /// 2 cores, and the frame-count assertions on both sides would then measure the machine.
    @Suite(.serialized, .timeLimit(.minutes(2)),
           .enabled(if: JSONLinesPeerProcess.pythonExists, "no .venv/bin/python: run scripts/bootstrap to install aiortc"))
    struct AiortcMediaInteropTests {
        static let script = "Tests/Interop/aiortc_media_peer.py"
        static let width = 640
        static let height = 480
        static let framesPerSecond = 30
        /// How long media flows once connected.
        static let seconds = 10
        static let toneSteps = ToneSource.defaultFrequencies

        /// Who writes the SDP offer.
        enum Offerer: String, CaseIterable, Sendable, CustomTestStringConvertible {
            case peerCam, aiortc
            var aiortcRole: String { self == .aiortc ? "offer" : "answer" }
            var testDescription: String { "\(rawValue) offers" }
        }

        // MARK: aiortc receives

        @Test("aiortc receives PeerCam's H264 + Opus: ≥ 95 % of encoded frames decoded, indices in order, tone steps heard",
              arguments: Offerer.allCases)
        func aiortcReceivesPeerCamMedia(offerer: Offerer) async throws {
            let (stream, feedback) = try Self.makeStream()
            let (peer, router, camera) = try await Self.start(aiortcMode: "--receive", offerer: offerer, weSend: true)
            var tasks: [Task<Void, Never>] = []
            do {
                let negotiationStarted = ContinuousClock.now
                try await Self.negotiate(camera, with: peer, offerer: offerer)
                let sender = try PeerMediaSender(connection: camera, stream: stream, feedback: feedback)
                router.attach(sender)
                let states = camera.connectionStates
                tasks = [Task { await sender.follow(states) }, Self.trickle(camera, to: peer)]

                let sending = await PeerMediaSessionTests.eventually(within: .seconds(15)) { sender.statistics.isSending }
                try #require(sending, "never connected: PeerCam \(camera.connectionState); aiortc: \(peer.stderrTail())")
                let connectedAfter = negotiationStarted.duration(to: .now)
                try await Task.sleep(for: .seconds(Self.seconds))
                // The stream's counters reset when its last subscriber leaves: read them first.
                // Leaving then stops the encoder (at most a frame later); the last frames get
                // through aiortc's jitter buffer and decoder before the report is asked for.
                let counters = stream.counters
                await sender.stop()
                try await Task.sleep(for: .milliseconds(800))
                let statistics = sender.statistics
                try peer.send(["type": "finish"])
                let report = try await peer.next("report", skipping: ["state"])
                let decoded = AiortcReceiveReport(report)

                let encoded = Int(counters.framesEncoded)
                print("""
                    [aiortc-interop] aiortc receives, \(offerer.testDescription): frames encoded \(encoded), \
                    decoded by aiortc \(decoded.framesDecoded) (index read \(decoded.framesRead), distinct \(decoded.distinctIndices)), \
                    runs \(decoded.indexRuns.prefix(6))\(decoded.indexRuns.count > 6 ? "…" : ""), \
                    first frame \(decoded.secondsToFirstFrameFromRemoteDescription.map { "\($0)" } ?? "none") s after aiortc's \
                    remote description (\(decoded.secondsToFirstFrameFromConnected.map { "\($0)" } ?? "none") s after connected; \
                    PeerCam connected \(connectedAfter) after starting negotiation), tones \(decoded.tonePerSecond.map { $0.map { "\(Int($0))" } ?? "-" }), \
                    audio \(decoded.audioSeconds) s, NACKs \(statistics.nacksReceived), retransmissions \(statistics.retransmissions), \
                    PLIs \(statistics.picturesLossIndications), FIRs \(statistics.fullIntraRequests), SRs \(statistics.senderReportsSent), \
                    RTT \(statistics.roundTripTime.map { "\($0)" } ?? "none"), codecs \(decoded.codecs)
                    """)

                #expect(decoded.codecs["video"] == "video/H264" && decoded.codecs["audio"] == "audio/opus",
                        "negotiated as intended: \(decoded.codecs)")
                #expect(encoded >= Self.seconds * Self.framesPerSecond * 2 / 3, "the camera really streamed: \(encoded) frames")
                #expect(Double(decoded.distinctIndices) >= 0.95 * Double(encoded),
                        "aiortc decoded ≥ 95 % of what PeerCam encoded: \(decoded.distinctIndices) of \(encoded)")
                #expect(decoded.unreadableFrames == 0, "every picture aiortc decoded carries a readable stamp")
                #expect(decoded.duplicates == 0 && decoded.outOfOrder == 0, "no index twice, none out of order")
                #expect(zip(decoded.indexRuns, decoded.indexRuns.dropFirst()).allSatisfy { $1.first > $0.last },
                        "runs in order: \(decoded.indexRuns)")
                #expect((decoded.firstIndex ?? .max) <= 2, "the joining keyframe decodes: first index \(decoded.firstIndex ?? -1)")
                #expect((decoded.lastIndex ?? .max) <= encoded, "no index beyond what was encoded (+1 between counting and leaving)")
                #expect(decoded.videoSizes == ["\(Self.width)x\(Self.height)"])
                #expect(statistics.sendFailures == 0)
                let heard = decoded.tonePerSecond.compactMap { $0 }
                #expect(heard.count >= Self.seconds - 2, "the tone heard nearly every second: \(decoded.tonePerSecond)")
                #expect(Self.followsToneSteps(heard), "each heard second is the same step or the next: \(heard)")
            } catch {
                await Self.close(camera, tasks: tasks, router: router, peer: peer)
                throw error
            }
            await Self.close(camera, tasks: tasks, router: router, peer: peer)
            #expect(stream.subscriberCount == 0)
        }

        // MARK: PeerCam receives

        /// With loss, the test drops RTP (media and RTX) on PeerCam's receive path: the
        /// pipeline's NACKs must make aiortc retransmit (RTX, RFC 4588) what is missing.
        @Test("PeerCam receives aiortc's H264 + Opus into the viewer pipeline: Y4M indices in order, ≥ 95 % of frames sent, tone heard",
              arguments: [(Offerer.peerCam, 0), (.aiortc, 0), (.peerCam, 5)])
        func peerCamReceivesAiortcMedia(offerer: Offerer, dropPercent: Int) async throws {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("peercam-aiortc-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let videoPath = directory.appendingPathComponent("video.y4m").path
            let audioPath = directory.appendingPathComponent("audio.wav").path

            let dropped = Shared(0)
            let (peer, router, viewer) = try await Self.start(aiortcMode: "--send", offerer: offerer, weSend: false,
                                                              dropPercent: dropPercent, dropped: dropped)
            var tasks: [Task<Void, Never>] = []
            var receiver: PeerMediaReceiver?
            do {
                try await Self.negotiate(viewer, with: peer, offerer: offerer)
                let localSSRC = try #require(viewer.transceivers.first { $0.kind == .video }?.localSSRC)
                let configuration = try ViewerPipelineConfiguration.negotiated(on: viewer, localSSRC: localSSRC)
                try #require(configuration.video?.stream.clockRate == 90_000 && configuration.audio?.stream.clockRate == 48_000,
                             "video and audio negotiated for receiving")
                let outputs = ViewerOutputConfiguration(video: .file(path: videoPath), audio: .file(path: audioPath),
                                                        videoFrameRate: (Self.framesPerSecond, 1))
                var made: ViewerPipelineConsumer?
                let mediaReceiver = try PeerMediaReceiver(connection: viewer) { sendRTCP in
                    let consumer = ViewerPipelineConsumer(pipeline: try ViewerPipeline(
                        configuration: configuration, outputs: outputs, startTime: .zero, sendRTCP: sendRTCP))
                    made = consumer
                    return consumer
                }
                receiver = mediaReceiver
                let consumer = try #require(made)
                mediaReceiver.start()
                router.attach(mediaReceiver)
                tasks = [Self.trickle(viewer, to: peer)]

                let connected = await PeerMediaSessionTests.eventually(within: .seconds(15)) { viewer.connectionState == .connected }
                try #require(connected, "never connected: PeerCam \(viewer.connectionState); aiortc: \(peer.stderrTail())")
                try await Task.sleep(for: .seconds(Self.seconds))
                // aiortc stops its tracks and reports what it sent; the last frames still cross
                // the network and the pipeline's buffer before the files are closed.
                try peer.send(["type": "finish"])
                let report = try await peer.next("report", skipping: ["state"])
                try await Task.sleep(for: .seconds(1))
                mediaReceiver.stop()  // finishes the pipeline: buffers drained, files closed
                let statistics = consumer.statistics
                let receiverStatistics = mediaReceiver.statistics

                let framesSent = try #require(report["framesSent"] as? Int)
                let lastIndexSent = try #require(report["lastIndexSent"] as? Int)
                let codecs = report["codecs"] as? [String: String] ?? [:]
                let indices = try ViewerOutputFiles.y4mFrameIndexes(path: videoPath)
                let read = indices.compactMap { $0 }
                let tones = try Self.toneWindows(wavPath: audioPath)
                let heard = tones.compactMap { $0 }
                let video = statistics.video ?? .init()
                let audio = statistics.audio ?? .init()
                let aiortcFirstFrame = report["secondsToFirstFrameFromConnected"] as? Double
                print("""
                    [aiortc-interop] PeerCam receives, \(offerer.testDescription), \(dropPercent) % dropped \
                    (\(dropped.value) packets): frames sent by aiortc \(framesSent), \
                    written to Y4M \(indices.count), index read \(read.count) (\(read.first ?? 0)…\(read.last ?? 0)), \
                    time to first frame \(statistics.timeToFirstFrameSeconds ?? -1) s after negotiation (aiortc's \
                    first frame taken \(aiortcFirstFrame ?? -1) s after its connected), decoded \(video.framesDecoded), \
                    keyframes \(video.keyframesDecoded), lost \(video.framesLost), discarded \(video.accessUnitsDiscarded), \
                    decode failures \(video.decodeFailures), NACKs \(video.nacksSent), PLIs \(video.pictureLossIndicationsSent), \
                    packets lost \(video.stream.packetsLost), RTX \(video.stream.retransmissionsReceived), Opus packets \
                    \(audio.packetsDecoded), concealed samples \(audio.samplesConcealed), tone windows \(heard.count)/\(tones.count), \
                    RRs \(statistics.receiverReportsSent), refused \(consumer.refusals.count) \
                    (last \(consumer.refusals.last.map { "\($0)" } ?? "none")), queue drops \(receiverStatistics.packetsDroppedQueueFull), \
                    codecs \(codecs)
                    """)

                #expect(codecs["video"] == "video/H264" && codecs["audio"] == "audio/opus", "negotiated as intended: \(codecs)")
                #expect(framesSent >= Self.seconds * Self.framesPerSecond * 2 / 3, "aiortc really streamed: \(framesSent) frames")
                #expect(read.count == indices.count,
                        "every picture written carries a readable stamp: \(indices.count - read.count) unreadable")
                #expect(zip(read, read.dropFirst()).allSatisfy { $1 > $0 }, "indices strictly increasing")
                #expect(Double(read.count) >= 0.95 * Double(framesSent),
                        "PeerCam decoded ≥ 95 % of aiortc's frames: \(read.count) of \(framesSent)")
                // aiortc's track counts a frame when its pacing sleep ends: one already waiting
                // when `finish` came is sent after the report, so one index past it may arrive.
                #expect(read.allSatisfy { Int($0) <= lastIndexSent + 1 }, "no index beyond aiortc's last (+1 in its pacing sleep)")
                #expect((statistics.video?.decodeFailures ?? 1) == 0)
                if dropPercent > 0 {
                    #expect(dropped.value > 50, "the test really dropped packets: \(dropped.value)")
                    #expect(video.nacksSent > 0, "gaps NACKed")
                    #expect(video.stream.retransmissionsReceived > 0, "aiortc answered NACKs with retransmissions")
                }
                #expect(receiverStatistics.packetsDroppedQueueFull == 0)
                #expect(consumer.refusals.count == 0, "packets the pipeline refused: \(consumer.refusals)")
                #expect(heard.count * 10 >= tones.count * 8, "the tone heard in ≥ 80 % of 100 ms windows: \(heard.count)/\(tones.count)")
                #expect(tones.count >= (Self.seconds - 1) * 10, "≈ \(Self.seconds) s of audio written: \(tones.count) windows")
                #expect(Self.followsToneSteps(heard), "tone steps in order")
            } catch {
                receiver?.stop()
                await Self.close(viewer, tasks: tasks, router: router, peer: peer)
                throw error
            }
            await Self.close(viewer, tasks: tasks, router: router, peer: peer)
        }
    }
}

// MARK: - Wiring

extension PeerMediaSessionTests.AiortcMediaInteropTests {
    /// The 640x480@30 test pattern + mono tone, as camera-agent's test source makes them.
    static func makeStream() throws -> (CameraStream, CameraStreamFeedback) {
        let configuration = CameraStreamConfiguration(
            video: CameraStreamRTPParameters(ssrc: 0x0A10_0001, payloadType: 102, clockRate: 90_000),
            videoEncoder: H264EncoderConfiguration(width: width, height: height, framesPerSecond: Double(framesPerSecond),
                                                   targetBitrate: 1_000_000),
            audio: CameraStreamRTPParameters(ssrc: 0x0A10_0002, payloadType: 111, clockRate: 48_000))
        let feedback = CameraStreamFeedback(configuration: configuration)
        let stream = try CameraStream(configuration: configuration,
                                      sources: .testPattern(width: width, height: height, framesPerSecond: framesPerSecond),
                                      packetObserver: feedback)
        return (stream, feedback)
    }

    /// Starts aiortc in `aiortcMode` and makes our connection, its packets going to a fresh
    /// router, with a video and an audio transceiver that send (`weSend`) or receive.
    /// - Parameter dropPercent: share of incoming RTP packets (media and RTX) the test throws
    ///   away before the router, by a seeded draw, counted in `dropped`. Each SSRC's first
    ///   packet is spared: no earlier neighbour could reveal its loss to a NACK.
    static func start(aiortcMode: String, offerer: Offerer, weSend: Bool, dropPercent: Int = 0,
                      dropped: Shared<Int> = Shared(0)) async throws
        -> (JSONLinesPeerProcess, PeerMediaPacketRouter, PeerConnection)
    {
        let certificate = try #require(TestCertificate.shared)
        let peer = try JSONLinesPeerProcess(script: script, arguments: [
            aiortcMode, "--role", offerer.aiortcRole, "--size", "\(width)x\(height)", "--fps", "\(framesPerSecond)"])
        let router = PeerMediaPacketRouter()
        let route = router.handler
        let draw = Mutex((SeededGenerator(seed: 0xA10_5EED), Set<UInt32>()))
        let connection = PeerConnection(configuration: .loopback(certificate: certificate), onPacket: { packet in
            guard dropPercent > 0, packet.kind == .rtp, packet.bytes.count >= 12 else { return route(packet) }
            let ssrc = UInt32(bigEndian: packet.bytes.loadUnaligned(fromByteOffset: 8, as: UInt32.self))
            let drop = draw.withLock { state in
                state.1.insert(ssrc).inserted ? false : Int.random(in: 0..<100, using: &state.0) < dropPercent
            }
            if drop { dropped.withLock { $0 += 1 } } else { route(packet) }
        })
        do {
            try connection.addTransceiver(.video, direction: weSend ? .sendonly : .recvonly)
            try connection.addTransceiver(.audio, direction: weSend ? .sendonly : .recvonly)
        } catch {
            await close(connection, tasks: [], router: router, peer: peer)
            throw error
        }
        return (peer, router, connection)
    }

    /// Offer/answer through the peer's JSON lines; aiortc's candidates come inside its SDP.
    static func negotiate(_ connection: PeerConnection, with peer: JSONLinesPeerProcess, offerer: Offerer) async throws {
        switch offerer {
        case .peerCam:
            try peer.send(["type": "offer", "sdp": try connection.createOffer()])
            let answer = try #require(try await peer.next("answer")["sdp"] as? String)
            try connection.setRemoteAnswer(answer)
        case .aiortc:
            let offer = try #require(try await peer.next("offer")["sdp"] as? String)
            try connection.setRemoteOffer(offer)
            try peer.send(["type": "answer", "sdp": try connection.createAnswer()])
        }
    }

    /// Trickles PeerCam's candidates to aiortc until gathering ends.
    static func trickle(_ connection: PeerConnection, to peer: JSONLinesPeerProcess) -> Task<Void, Never> {
        Task {
            for await candidate in connection.localCandidates {
                switch candidate {
                case .candidate(let line, let mid):
                    try? peer.send(["type": "candidate", "candidate": line, "mid": mid])
                case .endOfCandidates:
                    try? peer.send(["type": "end-of-candidates"])
                    return
                }
            }
        }
    }

    /// Closes our end, ends the helper tasks and the aiortc process, releases the router.
    static func close(_ connection: PeerConnection, tasks: [Task<Void, Never>], router: PeerMediaPacketRouter,
                      peer: JSONLinesPeerProcess) async {
        connection.close()
        for task in tasks {
            task.cancel()
            await task.value
        }
        await peer.stop()
        router.detach()
    }
}

// MARK: - Reading the results

extension PeerMediaSessionTests.AiortcMediaInteropTests {
    /// True when each tone is the previous one or the step after it (cyclically): received
    /// windows do not line up with the sender's steps, so a step may be heard twice, but a
    /// skipped or backward step means lost or reordered audio.
    static func followsToneSteps(_ heard: [Double]) -> Bool {
        let steps = heard.compactMap { tone in toneSteps.firstIndex { abs($0 - tone) < 1 } }
        guard steps.count == heard.count else { return false }
        return zip(steps, steps.dropFirst()).allSatisfy { $1 == $0 || $1 == ($0 + 1) % toneSteps.count }
    }

    /// The tone `ToneDetector` hears in each 100 ms window of a mono 16-bit WAV file.
    static func toneWindows(wavPath: String) throws -> [Double?] {
        let data = try Data(contentsOf: URL(fileURLWithPath: wavPath))
        guard data.count > 44 else { return [] }
        let samples = data.dropFirst(44).withUnsafeBytes { Array($0.bindMemory(to: Int16.self)) }.map { Int16(littleEndian: $0) }
        let window = AudioFrame.sampleRate / 10
        let detector = ToneDetector()
        return stride(from: 0, to: samples.count - window + 1, by: window).map { start in
            detector.detect(in: samples[start..<start + window])?.frequency
        }
    }
}
