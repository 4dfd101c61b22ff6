import Logging
import PeerCamCore

/// Checks each message a viewer sends and routes it: strict decoding, who may send
/// which type (`docs/protocol.md` §5.10), session ownership, then delivery to the
/// `CameraSignalingHandler`. Every refusal is answered with an `error` message and
/// the connection stays open (`docs/protocol.md` §7); an `error` is never answered.
struct ViewerMessageRouter: Sendable {
    let camera: DeviceID
    let registry: ViewerConnectionRegistry
    let handler: any CameraSignalingHandler
    let logger: Logger
    let replyIDs: SignalingMessageIDCounter

    func handle(_ text: String, on connection: ViewerConnectionRegistry.Connection) async {
        var logger = logger
        logger[metadataKey: "viewer"] = "\(connection.device.id)"
        let message: SignalingMessage
        do {
            message = try SignalingMessage(decoding: Array(text.utf8))
        } catch {
            let envelope = SignalingMessage.peekEnvelope(text)
            logger.info("malformed message refused", metadata: ["code": "\(error.code)"])
            // An error is never answered with an error, even a malformed one (§5.9).
            guard envelope.type != SignalingMessageType.error.rawValue else { return }
            var report = error.report
            report.re = envelope.id
            reply(.error(nil, report), on: connection)
            return
        }
        if let session = message.session { logger[metadataKey: "session"] = "\(session)" }
        guard message.type.senders.contains(.viewer) else {
            logger.info("message type forbidden for viewer", metadata: ["type": "\(message.type.rawValue)"])
            refuse(message, .forbidden, "a viewer may not send \(message.type.rawValue)", on: connection)
            return
        }
        switch message.body {
        case .streamRequest(let request):
            if let wanted = request.camera, wanted != camera {
                refuse(message, .unknownCamera, "this server serves camera \(camera) only", on: connection)
                return
            }
            guard let session = await registry.openSession(on: connection.id) else { return }
            logger[metadataKey: "session"] = "\(session)"
            logger.notice("stream requested", metadata: ["request": "\(message.id)"])
            await handler.streamRequested(session: session, request: request, requestID: message.id,
                                          viewer: connection.device)
        case .streamEnd(let session, let reason):
            guard await registry.owns(connection.id, session) else {
                return refuseUnknownSession(message, session, on: connection, logger: logger)
            }
            await registry.endSession(session)
            logger.notice("viewer ended stream", metadata: ["reason": "\(reason.code)"])
            await handler.viewerSent(message, session: session, viewer: connection.device.id)
        case .webrtcSignal(let session, _):
            guard await registry.owns(connection.id, session) else {
                return refuseUnknownSession(message, session, on: connection, logger: logger)
            }
            logger.debug("signal from viewer")
            await handler.viewerSent(message, session: session, viewer: connection.device.id)
        case .error(_, let report):
            logger.warning("viewer reported an error",
                           metadata: ["code": "\(report.code)", "message": "\(report.message.prefix(80))"])
        case .streamRequested, .streamAccept, .streamStarted, .streamEnded:
            // Unreachable: filtered by the senders check above. Answer rather than trap.
            refuse(message, .forbidden, "a viewer may not send \(message.type.rawValue)", on: connection)
        }
    }

    private func refuseUnknownSession(_ message: SignalingMessage, _ session: SessionID,
                                      on connection: ViewerConnectionRegistry.Connection, logger: Logger) {
        logger.info("unknown session refused", metadata: ["type": "\(message.type.rawValue)"])
        refuse(message, .unknownSession, "session \(session) is not live on this connection", on: connection)
    }

    private func refuse(_ message: SignalingMessage, _ code: SignalingErrorCode, _ text: String,
                        on connection: ViewerConnectionRegistry.Connection) {
        reply(.error(message.session, SignalingErrorReport(code: code, message: text, re: message.id)), on: connection)
    }

    private func reply(_ body: SignalingMessage.Body, on connection: ViewerConnectionRegistry.Connection) {
        connection.channel.send(SignalingMessage(id: replyIDs.next(), body: body).encodedText())
    }
}
