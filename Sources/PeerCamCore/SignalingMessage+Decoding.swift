extension SignalingMessage {
    /// Decodes one received message, strictly.
    ///
    /// Checks, in this order: size, JSON syntax, object envelope, `v`, unknown envelope
    /// fields, `type`, `id`, `session` (required/optional/forbidden by type), then the
    /// payload field by field, unknown payload fields last. The first broken rule is
    /// reported; the order is part of the protocol (`docs/protocol.md`) so that
    /// implementations agree on which error a message gets.
    ///
    /// - Throws: `SignalingDecodingError`; answer it with `error.report`.
    public init(decoding data: some Collection<UInt8>) throws(SignalingDecodingError) {
        var envelope = try JSONObjectReader(parsing: data, limit: Self.maximumSize)

        let version = try envelope.integer("v")
        guard version == Int64(Self.version) else { throw .unsupportedVersion(version) }
        let typeText = try envelope.string("type")
        let idText = try envelope.string("id")
        let sessionText = try envelope.optionalString("session")
        let payloadValue = envelope.value("payload")
        try envelope.finish()

        guard let type = SignalingMessageType(rawValue: typeText) else { throw .unknownType(typeText) }
        id = try Self.messageID(idText, field: "id")
        let session = try Self.session(sessionText, rule: type.sessionRule)
        guard let payloadValue else { throw .missingField("payload") }
        var payload = try JSONObjectReader(payloadValue, path: "payload")
        body = try Self.body(type: type, session: session, payload: &payload)
        try payload.finish()
    }

    /// Decodes a message from text (a WebSocket text frame).
    public init(decoding text: String) throws(SignalingDecodingError) {
        try self.init(decoding: Array(text.utf8))
    }

    private static func session(_ text: String?, rule: SignalingMessageType.SessionFieldRule)
        throws(SignalingDecodingError) -> SessionID? {
        switch (rule, text) {
        case (.forbidden, .some): throw .fieldNotAllowed("session")
        case (.required, nil): throw .missingField("session")
        case (_, nil): return nil
        case (_, .some(let text)):
            do { return try SessionID(parsing: text) } catch { throw .invalidSessionID(error) }
        }
    }

    static func messageID(_ text: String, field: String) throws(SignalingDecodingError) -> SignalingMessageID {
        do { return try SignalingMessageID(parsing: text) } catch { throw .invalidMessageID(field: field, error) }
    }

    private static func body(type: SignalingMessageType, session: SessionID?, payload: inout JSONObjectReader)
        throws(SignalingDecodingError) -> Body {
        // `session` was checked against `type.sessionRule`: non-nil wherever required.
        switch (type, session) {
        case (.streamRequest, _):
            let media = try media(&payload)
            let camera = try payload.optionalString("camera").map { text throws(SignalingDecodingError) in
                try deviceID(text, field: payload.fieldPath("camera"))
            }
            return .streamRequest(StreamRequest(media: media, camera: camera))
        case (.streamRequested, .some(let session)):
            let viewer = try deviceID(payload.string("viewer"), field: payload.fieldPath("viewer"))
            return .streamRequested(session, StreamRequested(viewer: viewer, media: try media(&payload)))
        case (.streamAccept, .some(let session)):
            return .streamAccept(session)
        case (.streamStarted, .some(let session)):
            return .streamStarted(session, request: try messageID(payload.string("request"), field: "payload.request"))
        case (.streamEnd, .some(let session)):
            return .streamEnd(session, try endReason(&payload))
        case (.streamEnded, .some(let session)):
            let reason = try endReason(&payload)
            let request = try payload.optionalString("request").map { text throws(SignalingDecodingError) in
                try messageID(text, field: "payload.request")
            }
            return .streamEnded(session, reason, request: request)
        case (.webrtcSignal, .some(let session)):
            return .webrtcSignal(session, try WebRTCSignal(decoding: &payload))
        case (.error, _):
            return .error(session, try errorReport(&payload))
        case (_, nil):
            throw .missingField("session")
        }
    }

    private static func media(_ payload: inout JSONObjectReader) throws(SignalingDecodingError) -> StreamMedia {
        let media = StreamMedia(video: try payload.bool("video"), audio: try payload.bool("audio"))
        guard media.video || media.audio else { throw .emptyMediaRequest }
        return media
    }

    private static func deviceID(_ text: String, field: String) throws(SignalingDecodingError) -> DeviceID {
        do { return try DeviceID(parsing: text) } catch { throw .invalidDeviceID(field: field, error) }
    }

    private static func endReason(_ payload: inout JSONObjectReader) throws(SignalingDecodingError) -> SessionEndReason {
        let code = try payload.string("reason")
        let message = try payload.optionalString("message")
        guard let reason = SessionEndReason(code: code, message: message) else { throw .unknownEndReason(code) }
        switch (reason, message) {
        case (.error, nil): throw .missingField(payload.fieldPath("message"))
        case (.error, _), (_, nil): return reason
        default: throw .fieldNotAllowed(payload.fieldPath("message"))
        }
    }

    private static func errorReport(_ payload: inout JSONObjectReader) throws(SignalingDecodingError)
        -> SignalingErrorReport {
        let codeText = try payload.string("code")
        let message = try payload.string("message")
        let re = try payload.optionalString("re").map { text throws(SignalingDecodingError) in
            try messageID(text, field: "payload.re")
        }
        guard let code = SignalingErrorCode(rawValue: codeText) else { throw .invalidErrorCode(codeText) }
        return SignalingErrorReport(code: code, message: message, re: re)
    }
}
