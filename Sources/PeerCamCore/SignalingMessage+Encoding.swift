extension SignalingMessage {
    /// The message as UTF-8 JSON, ready for a WebSocket text frame.
    ///
    /// Keys are sorted, so equal messages encode to equal bytes (handy in tests and
    /// logs). The result decodes back to an equal message whenever the payload values
    /// obey the protocol rules (the value types do not re-check every rule on the way
    /// out; the receiver's strict decoder does).
    public func encoded() -> [UInt8] {
        var envelope: [String: JSONValue] = [
            "v": .integer(Int64(Self.version)),
            "type": .string(type.rawValue),
            "id": .string(id.rawValue),
            "payload": .object(payloadFields),
        ]
        if let session { envelope["session"] = .string(session.rawValue) }
        return JSONValue.object(envelope).encoded()
    }

    /// The message as JSON text.
    public func encodedText() -> String { String(decoding: encoded(), as: UTF8.self) }

    private var payloadFields: [String: JSONValue] {
        switch body {
        case .streamRequest(let request):
            var fields = Self.fields(request.media)
            if let camera = request.camera { fields["camera"] = .string(camera.rawValue) }
            return fields
        case .streamRequested(_, let requested):
            var fields = Self.fields(requested.media)
            fields["viewer"] = .string(requested.viewer.rawValue)
            return fields
        case .streamAccept:
            return [:]
        case .streamStarted(_, let request):
            return ["request": .string(request.rawValue)]
        case .streamEnd(_, let reason):
            return Self.fields(reason)
        case .streamEnded(_, let reason, let request):
            var fields = Self.fields(reason)
            if let request { fields["request"] = .string(request.rawValue) }
            return fields
        case .webrtcSignal(_, let signal):
            return Self.fields(signal)
        case .error(_, let report):
            var fields: [String: JSONValue] = ["code": .string(report.code.rawValue), "message": .string(report.message)]
            if let re = report.re { fields["re"] = .string(re.rawValue) }
            return fields
        }
    }

    private static func fields(_ media: StreamMedia) -> [String: JSONValue] {
        ["video": .bool(media.video), "audio": .bool(media.audio)]
    }

    private static func fields(_ reason: SessionEndReason) -> [String: JSONValue] {
        var fields: [String: JSONValue] = ["reason": .string(reason.code)]
        if case .error(let message) = reason { fields["message"] = .string(message) }
        return fields
    }

    private static func fields(_ signal: WebRTCSignal) -> [String: JSONValue] {
        switch signal {
        case .sessionDescription(let description):
            return ["sdp": .object(["type": .string(description.kind.rawValue), "sdp": .string(description.sdp)])]
        case .candidate(let candidate):
            var fields: [String: JSONValue] = ["candidate": .string(candidate.candidate)]
            if let mid = candidate.sdpMid { fields["sdpMid"] = .string(mid) }
            if let index = candidate.sdpMLineIndex { fields["sdpMLineIndex"] = .integer(Int64(index)) }
            if let fragment = candidate.usernameFragment { fields["usernameFragment"] = .string(fragment) }
            return ["candidate": .object(fields)]
        case .endOfCandidates:
            return ["endOfCandidates": .bool(true)]
        }
    }
}
