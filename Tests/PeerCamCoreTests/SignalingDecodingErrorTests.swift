import Testing
@testable import PeerCamCore

/// One malformed input and the exact error it must get.
struct MalformedSignalingCase: Sendable, CustomTestStringConvertible {
    let name: String
    let input: [UInt8]
    let error: SignalingDecodingError
    let code: SignalingErrorCode

    init(_ name: String, _ text: String, _ error: SignalingDecodingError, _ code: SignalingErrorCode) {
        self.init(name, Array(text.utf8), error, code)
    }

    init(_ name: String, _ bytes: [UInt8], _ error: SignalingDecodingError, _ code: SignalingErrorCode) {
        self.name = name
        input = bytes
        self.error = error
        self.code = code
    }

    var testDescription: String { name }
}

/// Builders for near-valid JSON, so each case differs from a valid message in one place.
enum Malformed {
    static let session = "01J9Z3K4M5N6P7Q8R9S0T1V2W3"

    /// An envelope with a raw `payload` JSON text and optional session.
    static func message(_ type: String, _ payload: String, session: String? = Self.session, id: String = "\"m1\"") -> String {
        let sessionField = session.map { #","session":"\#($0)""# } ?? ""
        return #"{"v":1,"type":"\#(type)","id":\#(id)\#(sessionField),"payload":\#(payload)}"#
    }

    static func signal(_ payload: String) -> String { message("webrtc:signal", payload) }
}

enum MalformedSignalingTable {
    typealias M = Malformed
    static let streamEnd = M.message("stream:end", #"{"reason":"hangup"}"#)

    static let cases: [MalformedSignalingCase] = [
        // Size and syntax.
        .init("over the size limit", Array(repeating: UInt8(ascii: " "), count: 70_000),
              .messageTooLarge(byteCount: 70_000, limit: 65_536), .messageTooLarge),
        .init("empty input", "", .invalidJSON, .invalidJSON),
        .init("truncated JSON", String(streamEnd.dropLast()), .invalidJSON, .invalidJSON),
        .init("not UTF-8", [0x7B, 0xFF, 0xFE, 0x7D], .invalidJSON, .invalidJSON),
        .init("trailing garbage", streamEnd + "x", .invalidJSON, .invalidJSON),
        .init("single-quoted JSON", "{'v':1}", .invalidJSON, .invalidJSON),
        .init("duplicate envelope key", streamEnd.replacingOccurrences(of: #"{"v":1,"#, with: #"{"v":1,"v":1,"#),
              .duplicateKey("v"), .invalidJSON),
        .init("duplicate payload key smuggling a second reason",
              M.message("stream:end", #"{"reason":"hangup","reason":"error"}"#), .duplicateKey("reason"), .invalidJSON),
        .init("nesting too deep", M.message("stream:accept", #"{"x":"# + String(repeating: "[", count: 40)
                  + String(repeating: "]", count: 40) + "}"), .invalidJSON, .invalidJSON),
        .init("array envelope", "[" + streamEnd + "]", .envelopeNotObject, .invalidJSON),
        .init("string envelope", #""stream:end""#, .envelopeNotObject, .invalidJSON),
        .init("null envelope", "null", .envelopeNotObject, .invalidJSON),

        // Version.
        .init("empty object", "{}", .missingField("v"), .missingField),
        .init("version as string", #"{"v":"1","type":"stream:end"}"#, .wrongType(field: "v", expected: .integer), .wrongType),
        .init("version as fraction", #"{"v":1.5}"#, .wrongType(field: "v", expected: .integer), .wrongType),
        .init("version as boolean", #"{"v":true}"#, .wrongType(field: "v", expected: .integer), .wrongType),
        .init("future version", streamEnd.replacingOccurrences(of: #""v":1"#, with: #""v":2"#),
              .unsupportedVersion(2), .unsupportedVersion),
        .init("version zero", #"{"v":0,"type":"x"}"#, .unsupportedVersion(0), .unsupportedVersion),

        // Envelope fields.
        .init("unknown envelope field (typo of session)",
              streamEnd.replacingOccurrences(of: #""session""#, with: #""sesion""#), .unknownField("sesion"), .unknownField),
        .init("extra envelope field", streamEnd.replacingOccurrences(of: #"{"v":1,"#, with: #"{"v":1,"ts":5,"#),
              .unknownField("ts"), .unknownField),
        .init("missing type", #"{"v":1,"id":"m1","payload":{}}"#, .missingField("type"), .missingField),
        .init("type as number", #"{"v":1,"type":7,"id":"m1","payload":{}}"#,
              .wrongType(field: "type", expected: .string), .wrongType),
        .init("unknown type", M.message("stream:pause", "{}"), .unknownType("stream:pause"), .unknownType),
        .init("type in wrong case", M.message("STREAM:END", #"{"reason":"hangup"}"#), .unknownType("STREAM:END"), .unknownType),
        .init("missing id", #"{"v":1,"type":"stream:accept","session":"\#(M.session)","payload":{}}"#,
              .missingField("id"), .missingField),
        .init("empty id", M.message("stream:accept", "{}", id: #""""#),
              .invalidMessageID(field: "id", .wrongLength(0)), .invalidMessageID),
        .init("id with a space", M.message("stream:accept", "{}", id: #""a b""#),
              .invalidMessageID(field: "id", .invalidCharacter(offset: 1)), .invalidMessageID),
        .init("id too long", M.message("stream:accept", "{}", id: "\"" + String(repeating: "a", count: 65) + "\""),
              .invalidMessageID(field: "id", .wrongLength(65)), .invalidMessageID),
        .init("id as number", M.message("stream:accept", "{}", id: "1"), .wrongType(field: "id", expected: .string), .wrongType),

        // Session.
        .init("missing session", M.message("stream:end", #"{"reason":"hangup"}"#, session: nil),
              .missingField("session"), .missingField),
        .init("session on stream:request", M.message("stream:request", #"{"video":true,"audio":true}"#),
              .fieldNotAllowed("session"), .fieldNotAllowed),
        .init("session in lower case", M.message("stream:accept", "{}", session: M.session.lowercased()),
              .invalidSessionID(.invalidSymbol(offset: 2)), .invalidSessionID),
        .init("session too short", M.message("stream:accept", "{}", session: "01J9Z"),
              .invalidSessionID(.wrongLength(5)), .invalidSessionID),
        .init("session over 128 bits", M.message("stream:accept", "{}", session: "Z" + M.session.dropFirst()),
              .invalidSessionID(.exceeds128Bits), .invalidSessionID),
        .init("session as number", #"{"v":1,"type":"stream:accept","id":"m1","session":42,"payload":{}}"#,
              .wrongType(field: "session", expected: .string), .wrongType),

        // Payload shape.
        .init("missing payload", #"{"v":1,"type":"stream:accept","id":"m1","session":"\#(M.session)"}"#,
              .missingField("payload"), .missingField),
        .init("payload as array", M.message("stream:accept", "[]"), .wrongType(field: "payload", expected: .object), .wrongType),
        .init("unknown payload field", M.message("stream:accept", #"{"note":"hi"}"#), .unknownField("payload.note"), .unknownField),

        // stream:request / stream:requested / stream:started.
        .init("request without audio flag", M.message("stream:request", #"{"video":true}"#, session: nil),
              .missingField("payload.audio"), .missingField),
        .init("request flag as string", M.message("stream:request", #"{"video":"yes","audio":true}"#, session: nil),
              .wrongType(field: "payload.video", expected: .boolean), .wrongType),
        .init("request flag as number", M.message("stream:request", #"{"video":1,"audio":0}"#, session: nil),
              .wrongType(field: "payload.video", expected: .boolean), .wrongType),
        .init("request for no media", M.message("stream:request", #"{"video":false,"audio":false}"#, session: nil),
              .emptyMediaRequest, .invalidValue),
        .init("request for a malformed camera id",
              M.message("stream:request", #"{"video":true,"audio":true,"camera":"cam"}"#, session: nil),
              .invalidDeviceID(field: "payload.camera", .wrongLength(3)), .invalidValue),
        .init("requested without viewer", M.message("stream:requested", #"{"video":true,"audio":true}"#),
              .missingField("payload.viewer"), .missingField),
        .init("started without request id", M.message("stream:started", "{}"), .missingField("payload.request"), .missingField),
        .init("started with a bad request id", M.message("stream:started", #"{"request":"a/b"}"#),
              .invalidMessageID(field: "payload.request", .invalidCharacter(offset: 1)), .invalidMessageID),

        // stream:end / stream:ended.
        .init("end without reason", M.message("stream:end", "{}"), .missingField("payload.reason"), .missingField),
        .init("end with unknown reason", M.message("stream:end", #"{"reason":"bored"}"#), .unknownEndReason("bored"), .invalidValue),
        .init("end reason in camelCase", M.message("stream:end", #"{"reason":"iceFailed"}"#),
              .unknownEndReason("iceFailed"), .invalidValue),
        .init("error reason without message", M.message("stream:end", #"{"reason":"error"}"#),
              .missingField("payload.message"), .missingField),
        .init("message beside a non-error reason", M.message("stream:ended", #"{"reason":"hangup","message":"bye"}"#),
              .fieldNotAllowed("payload.message"), .fieldNotAllowed),
        .init("ended with a bad request id", M.message("stream:ended", #"{"reason":"busy","request":""}"#),
              .invalidMessageID(field: "payload.request", .wrongLength(0)), .invalidMessageID),

        // webrtc:signal.
        .init("signal with nothing", M.signal("{}"), .signalKindNotExactlyOne(found: 0), .invalidValue),
        .init("signal with only nulls", M.signal(#"{"sdp":null,"candidate":null}"#), .signalKindNotExactlyOne(found: 0), .invalidValue),
        .init("signal with sdp and candidate",
              M.signal(#"{"sdp":{"type":"offer","sdp":"v=0"},"candidate":{"candidate":"candidate:1","sdpMid":"0"}}"#),
              .signalKindNotExactlyOne(found: 2), .invalidValue),
        .init("sdp as string", M.signal(#"{"sdp":"v=0"}"#), .wrongType(field: "payload.sdp", expected: .object), .wrongType),
        .init("sdp type pranswer", M.signal(#"{"sdp":{"type":"pranswer","sdp":"v=0"}}"#), .unknownSDPType("pranswer"), .invalidValue),
        .init("sdp without text", M.signal(#"{"sdp":{"type":"offer"}}"#), .missingField("payload.sdp.sdp"), .missingField),
        .init("sdp with extra field", M.signal(#"{"sdp":{"type":"offer","sdp":"v=0","extra":1}}"#),
              .unknownField("payload.sdp.extra"), .unknownField),
        .init("candidate without media section", M.signal(#"{"candidate":{"candidate":"candidate:1 1 udp 1 10.0.0.2 9 typ host"}}"#),
              .candidateWithoutMediaSection, .invalidValue),
        .init("candidate with a=", M.signal(#"{"candidate":{"candidate":"a=candidate:1 1 udp 1 10.0.0.2 9 typ host","sdpMid":"0"}}"#),
              .candidateNotAttribute, .invalidValue),
        .init("empty candidate", M.signal(#"{"candidate":{"candidate":"","sdpMid":"0"}}"#), .candidateNotAttribute, .invalidValue),
        .init("negative mline index", M.signal(#"{"candidate":{"candidate":"candidate:1","sdpMLineIndex":-1}}"#),
              .mediaLineIndexOutOfRange(-1), .invalidValue),
        .init("huge mline index", M.signal(#"{"candidate":{"candidate":"candidate:1","sdpMLineIndex":4096}}"#),
              .mediaLineIndexOutOfRange(4096), .invalidValue),
        .init("mline index as string", M.signal(#"{"candidate":{"candidate":"candidate:1","sdpMLineIndex":"0"}}"#),
              .wrongType(field: "payload.candidate.sdpMLineIndex", expected: .integer), .wrongType),
        .init("end-of-candidates false", M.signal(#"{"endOfCandidates":false}"#), .endOfCandidatesNotTrue, .invalidValue),
        .init("end-of-candidates as string", M.signal(#"{"endOfCandidates":"yes"}"#),
              .wrongType(field: "payload.endOfCandidates", expected: .boolean), .wrongType),

        // error.
        .init("error with malformed code", M.message("error", #"{"code":"Bad Code","message":"x"}"#, session: nil),
              .invalidErrorCode("Bad Code"), .invalidValue),
        .init("error without message", M.message("error", #"{"code":"busy"}"#, session: nil),
              .missingField("payload.message"), .missingField),
        .init("error replying to a bad id", M.message("error", #"{"code":"busy","message":"","re":"a b"}"#, session: nil),
              .invalidMessageID(field: "payload.re", .invalidCharacter(offset: 1)), .invalidMessageID),
    ]
}

@Suite("Signaling messages: strict decoding of malformed input")
struct SignalingDecodingErrorTests {
    @Test(arguments: MalformedSignalingTable.cases)
    func malformedInputGetsItsExactError(_ sample: MalformedSignalingCase) {
        #expect(throws: sample.error) { try SignalingMessage(decoding: sample.input) }
        #expect(sample.error.code == sample.code)
    }

    @Test func tableHasManyDistinctInputsAndErrors() {
        let cases = MalformedSignalingTable.cases
        #expect(cases.count >= 15)
        #expect(Set(cases.map(\.input)).count == cases.count)
        #expect(Set(cases.map(\.error)).count >= 40)
    }

    /// Every failure can be sent back: the `error` message built from it encodes,
    /// stays small, and decodes to the same code and message.
    @Test(arguments: MalformedSignalingTable.cases)
    func everyErrorBecomesASendableErrorMessage(_ sample: MalformedSignalingCase) throws {
        let reply = SignalingMessage(id: SignalingMessageSamples.id("srv-1"), body: .error(nil, sample.error.report))
        let decoded = try SignalingMessage(decoding: reply.encoded())
        guard case .error(nil, let report) = decoded.body else {
            Issue.record("not an error message: \(decoded)")
            return
        }
        #expect(report.code == sample.code)
        #expect(report.message == sample.error.message)
        #expect(!report.message.isEmpty && report.message.utf8.count < 200)
    }

    @Test func errorMessagesDoNotEchoLongInput() {
        let longType = String(repeating: "x", count: 10_000)
        let error = SignalingDecodingError.unknownType(longType)
        #expect(error.message.utf8.count < 100)
    }

    @Test(arguments: ["", "Busy", "9lives", "a_b", String(repeating: "a", count: 65), "é"])
    func errorCodesMustBeWellFormed(text: String) {
        #expect(SignalingErrorCode(rawValue: text) == nil)
    }
}
