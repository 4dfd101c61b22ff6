import Foundation
import Testing
@testable import PeerCamCore
import TestSupport

@Suite("Signaling messages: encoding and round trips")
struct SignalingMessageRoundTripTests {
    static let samples = SignalingMessageSamples.all.map { RoundTripCase(name: $0.0, message: $0.1) }

    struct RoundTripCase: Sendable, CustomTestStringConvertible {
        let name: String
        let message: SignalingMessage
        var testDescription: String { name }
    }

    @Test(arguments: samples)
    func everyMessageSurvivesEncodeAndDecode(_ sample: RoundTripCase) throws {
        let bytes = sample.message.encoded()
        let decoded = try SignalingMessage(decoding: bytes)
        #expect(decoded == sample.message)
        #expect(decoded.encoded() == bytes, "encoding is deterministic")
        #expect(decoded.type == sample.message.type)
        #expect(decoded.session == sample.message.session)
        #expect(bytes.count <= SignalingMessage.maximumSize)
    }

    @Test func samplesCoverEveryMessageType() {
        let covered = Set(Self.samples.map(\.message.type))
        #expect(covered == Set(SignalingMessageType.allCases))
    }

    @Test(arguments: SessionEndReason.allCodes)
    func everyEndReasonRoundTrips(code: String) throws {
        let reason = try #require(SessionEndReason(code: code, message: code == "error" ? "why" : nil))
        #expect(reason.code == code)
        let message = SignalingMessage(id: SignalingMessageSamples.id("e"), body: .streamEnded(Fixture.session, reason, request: nil))
        #expect(try SignalingMessage(decoding: message.encoded()) == message)
    }

    @Test func wireFormIsTheDocumentedEnvelope() {
        let message = SignalingMessage(id: SignalingMessageSamples.id("v-3"), body: .streamEnd(Fixture.session, .hangup))
        #expect(message.encodedText() == #"{"id":"v-3","payload":{"reason":"hangup"},"#
            + #""session":"01J9Z3K4M5N6P7Q8R9S0T1V2W3","type":"stream:end","v":1}"#)
        let request = SignalingMessage(id: SignalingMessageSamples.id("v-1"),
                                       body: .streamRequest(.init(media: .init(video: true, audio: false))))
        #expect(request.encodedText() == #"{"id":"v-1","payload":{"audio":false,"video":true},"type":"stream:request","v":1}"#)
    }

    @Test func clientWrittenJSONWithOtherKeyOrderAndSpacingDecodes() throws {
        let text = """
            {
              "payload": { "candidate": { "sdpMLineIndex": 0, "candidate": "candidate:1 1 udp 1 10.0.0.2 9 typ host",
                                          "sdpMid": null } },
              "session": "01J9Z3K4M5N6P7Q8R9S0T1V2W3", "v": 1, "id": "x.9", "type": "webrtc:signal"
            }
            """
        let message = try SignalingMessage(decoding: text)
        #expect(message.body == .webrtcSignal(Fixture.session, .candidate(
            .init(candidate: "candidate:1 1 udp 1 10.0.0.2 9 typ host", sdpMid: nil, sdpMLineIndex: 0))))
    }

    @Test func messageOfExactlyTheSizeLimitIsAccepted() throws {
        func offer(padding: Int) -> SignalingMessage {
            SignalingMessage(id: SignalingMessageSamples.id("c-1"), body: .webrtcSignal(
                Fixture.session, .sessionDescription(.init(kind: .offer, sdp: String(repeating: "a", count: padding)))))
        }
        let overhead = offer(padding: 0).encoded().count
        let atLimit = offer(padding: SignalingMessage.maximumSize - overhead).encoded()
        #expect(atLimit.count == SignalingMessage.maximumSize)
        #expect(try SignalingMessage(decoding: atLimit) == offer(padding: SignalingMessage.maximumSize - overhead))
        let overLimit = offer(padding: SignalingMessage.maximumSize - overhead + 1).encoded()
        #expect(throws: SignalingDecodingError.messageTooLarge(byteCount: SignalingMessage.maximumSize + 1,
                                                               limit: SignalingMessage.maximumSize)) {
            try SignalingMessage(decoding: overLimit)
        }
    }

    @Test func messageIDCounterFormIsValid() throws {
        let id = SignalingMessageID(prefix: "viewer-", counter: 18_446_744_073_709_551_615)
        #expect(try SignalingMessageID(parsing: id.rawValue) == id)
    }

    /// Fuzz-style: mutate valid encodings at random. Decoding must never crash; what
    /// decodes must re-encode to a message that decodes to the same value.
    @Test func randomMutationsNeverCrashAndWhatParsesIsStable() throws {
        var generator = SeededGenerator(seed: 2026)
        let seeds = Self.samples.map { $0.message.encoded() }
        var accepted = 0
        var rejected = 0
        for round in 0..<3_000 {
            var bytes = seeds[round % seeds.count]
            for _ in 0...Int.random(in: 0...3, using: &generator) {
                guard !bytes.isEmpty else { break }
                let position = Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0..<4, using: &generator) {
                case 0: bytes[position] = UInt8.random(in: 0...255, using: &generator)
                case 1: bytes.remove(at: position)
                case 2: bytes.insert(Array("{}[]\":,0 \\e-".utf8).randomElement(using: &generator)!, at: position)
                default: bytes = Array(bytes[..<position])
                }
            }
            do {
                let message = try SignalingMessage(decoding: bytes)
                #expect(try SignalingMessage(decoding: message.encoded()) == message)
                accepted += 1
            } catch {
                #expect(!error.message.isEmpty)
                rejected += 1
            }
        }
        #expect(accepted > 0 && rejected > 0)
    }
}
