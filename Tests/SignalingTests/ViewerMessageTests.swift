import DeviceStore
import Foundation
import PeerCamCore
import Testing
@testable import Signaling

/// A connected, paired viewer on a fresh test bed.
struct ConnectedViewer {
    let bed: SignalingTestBed
    let paired: PairedCamera
    let connection: SignalingClientConnection

    init() async throws {
        bed = try await SignalingTestBed()
        paired = try await bed.pairViewer()
        connection = try await SignalingClient.connect(to: paired)
    }

    func nextMessage() async throws -> SignalingMessage? { try await first(of: connection.messages) }

    /// Sends a raw text and returns the `error` report that answers it.
    func errorAnswering(_ text: String) async throws -> (SessionID?, SignalingErrorReport) {
        connection.sendRaw(text)
        let answer = try #require(try await nextMessage())
        guard case .error(let session, let report) = answer.body else {
            Issue.record("expected an error, got \(answer.type.rawValue)")
            throw TimedOut()
        }
        return (session, report)
    }

    /// Requests a stream and has the "camera" accept it; returns the session.
    func startStream() async throws -> SessionID {
        let requestID = connection.makeMessageID()
        connection.send(SignalingMessage(id: requestID, body: .streamRequest(.init(media: .init(video: true, audio: true)))))
        guard case .requested(let session, _, let seenID, let viewer) = try await bed.nextEvent() else {
            throw TimedOut()
        }
        #expect(seenID == requestID)
        #expect(viewer == paired.device.id)
        try await bed.server.send(SignalingMessage(id: bed.server.makeMessageID(),
                                                   body: .streamStarted(session, request: requestID)))
        let started = try await nextMessage()
        #expect(started?.body == .streamStarted(session, request: requestID))
        return session
    }
}

private let someSession = SessionID.random()

@Suite struct ViewerMessageTests {
    @Test func aStreamRunsFromRequestThroughSignalsToEnd() async throws {
        let viewer = try await ConnectedViewer()
        let session = try await viewer.startStream()

        // Camera → viewer offer, viewer → camera answer, relayed with the session id.
        let offer = SignalingMessage(id: viewer.bed.server.makeMessageID(),
                                     body: .webrtcSignal(session, .sessionDescription(.init(kind: .offer, sdp: "v=0\r\n"))))
        try await viewer.bed.server.send(offer)
        #expect(try await viewer.nextMessage() == offer)
        let answer = SignalingMessage(id: viewer.connection.makeMessageID(),
                                      body: .webrtcSignal(session, .sessionDescription(.init(kind: .answer, sdp: "v=0\r\n"))))
        viewer.connection.send(answer)
        #expect(try await viewer.bed.nextEvent() == .viewerSent(answer, session, viewer.paired.device.id))

        let end = SignalingMessage(id: viewer.connection.makeMessageID(), body: .streamEnd(session, .hangup))
        viewer.connection.send(end)
        #expect(try await viewer.bed.nextEvent() == .viewerSent(end, session, viewer.paired.device.id))

        // After stream:end the session is gone in both directions.
        let late = SignalingMessage(id: viewer.connection.makeMessageID(), body: .webrtcSignal(session, .endOfCandidates))
        let (errorSession, report) = try await viewer.errorAnswering(late.encodedText())
        #expect(report.code == .unknownSession)
        #expect(report.re == late.id)
        #expect(errorSession == session)
        await #expect(throws: SignalingDeliveryError.unknownSession(session)) {
            try await viewer.bed.server.send(SignalingMessage(id: viewer.bed.server.makeMessageID(),
                                                              body: .streamEnded(session, .hangup, request: nil)))
        }
    }

    /// Types only a server or a camera may send are refused from a viewer with
    /// `forbidden`; viewer types naming a session this connection does not own get
    /// `unknown-session` (§5.10, issue 6 matrix "each message type").
    @Test(arguments: [
        (SignalingMessage.Body.streamRequested(someSession, .init(viewer: .random(), media: .init(video: true, audio: false))),
         SignalingErrorCode.forbidden),
        (.streamAccept(someSession), .forbidden),
        (.streamStarted(someSession, request: SignalingMessageID(prefix: "v-", counter: 1)), .forbidden),
        (.streamEnded(someSession, .hangup, request: nil), .forbidden),
        (.streamEnd(someSession, .hangup), .unknownSession),
        (.webrtcSignal(someSession, .endOfCandidates), .unknownSession),
        (.webrtcSignal(someSession, .candidate(.init(candidate: "candidate:1 1 UDP 1 127.0.0.1 9 typ host",
                                                     sdpMid: "0", sdpMLineIndex: 0))), .unknownSession),
        (.streamRequest(.init(media: .init(video: true, audio: true), camera: .random())), .unknownCamera),
    ])
    func eachMessageTypeIsCheckedForRoleAndOwnership(body: SignalingMessage.Body, expected: SignalingErrorCode) async throws {
        let viewer = try await ConnectedViewer()
        let message = SignalingMessage(id: viewer.connection.makeMessageID(), body: body)
        let (_, report) = try await viewer.errorAnswering(message.encodedText())
        #expect(report.code == expected)
        #expect(report.re == message.id)
    }

    @Test func anotherViewersSessionIsUnknownToThisOne() async throws {
        let owner = try await ConnectedViewer()
        let session = try await owner.startStream()
        let intruder = try await SignalingClient.connect(to: try await owner.bed.pairViewer(name: "Intruder"))
        intruder.send(SignalingMessage(id: intruder.makeMessageID(), body: .streamEnd(session, .hangup)))
        let answer = try await first(of: intruder.messages)
        guard case .error(_, let report) = answer?.body else { throw TimedOut() }
        #expect(report.code == .unknownSession)
        #expect(await owner.bed.server.sessionCount() == 1)
    }

    @Test(arguments: [
        ("{", SignalingErrorCode.invalidJSON, false),
        ("[1,2]", .invalidJSON, false),
        (#"{"v":2,"type":"stream:request","id":"v-9","payload":{}}"#, .unsupportedVersion, true),
        (#"{"v":1,"type":"stream:dance","id":"v-9","payload":{}}"#, .unknownType, true),
        (#"{"v":1,"type":"stream:request","id":"v-9","payload":{"video":true}}"#, .missingField, true),
        (#"{"v":1,"type":"stream:request","id":"v-9","payload":{"video":false,"audio":false}}"#, .invalidValue, true),
        (#"{"v":1,"type":"stream:request","id":"v-9","payload":{"video":true,"audio":true},"x":1}"#, .unknownField, true),
        (#"{"v":1,"type":"stream:end","id":"v-9","session":"lower","payload":{"reason":"hangup"}}"#, .invalidSessionID, true),
    ])
    func malformedMessagesAreAnsweredWithErrorAndTheConnectionStays(text: String, code: SignalingErrorCode,
                                                                    hasID: Bool) async throws {
        let viewer = try await ConnectedViewer()
        let (_, report) = try await viewer.errorAnswering(text)
        #expect(report.code == code)
        #expect(report.re == (hasID ? SignalingMessageID(prefix: "v-", counter: 9) : nil))
        // Still open: a good request goes through afterwards.
        _ = try await viewer.startStream()
    }

    @Test func anOversizedMessageIsAnsweredNotFatal() async throws {
        let viewer = try await ConnectedViewer()
        let padding = String(repeating: "a", count: SignalingMessage.maximumSize)
        let (_, report) = try await viewer.errorAnswering(#"{"pad":"\#(padding)"}"#)
        #expect(report.code == .messageTooLarge)
        _ = try await viewer.startStream()
    }

    @Test func anErrorIsNeverAnsweredWithAnError() async throws {
        let viewer = try await ConnectedViewer()
        viewer.connection.sendRaw(#"{"v":1,"type":"error","id":"v-1","payload":{"code":"internal","message":"x"}}"#)
        viewer.connection.sendRaw(#"{"v":1,"type":"error","id":"v-2","payload":{"code":"BAD CODE"}}"#)
        // The next answer the viewer gets is the one for this request, not for the errors.
        _ = try await viewer.startStream()
    }
}
