import Testing
@testable import PeerCamCore

@Suite("POST /pair request and response bodies")
struct PairingExchangeTests {
    static let viewer = try! DeviceIdentity(id: Fixture.viewer, role: .viewer, name: "Alice's laptop")
    static let camera = try! DeviceIdentity(id: Fixture.camera, role: .camera, name: "Kitchen")

    @Test func requestRoundTrips() throws {
        let request = PairingRequest(code: "7k3q-m9xd", name: "Alice's laptop")
        #expect(try PairingRequest(decoding: request.encoded()) == request)
        #expect(String(decoding: request.encoded(), as: UTF8.self) == #"{"code":"7k3q-m9xd","name":"Alice's laptop"}"#)
    }

    @Test(arguments: [
        (#"{"code":"7K3Q-M9XD"}"#, SignalingDecodingError.missingField("name")),
        (#"{"code":7,"name":"x"}"#, .wrongType(field: "code", expected: .string)),
        (#"{"code":"7K3Q-M9XD","name":"x","role":"camera"}"#, .unknownField("role")),
        (#"{"code":"7K3Q-M9XD","name":""}"#, .invalidDeviceName(.empty)),
        (#"{"code":"7K3Q-M9XD","name":"a\nb"}"#, .invalidDeviceName(.controlCharacter)),
        ("[]", .envelopeNotObject),
        ("{", .invalidJSON),
        (#"{"code":"7K3Q-M9XD","name":""# + String(repeating: "x", count: 1_100) + #""}"#,
         .messageTooLarge(byteCount: 1_130, limit: 1_024)),
    ])
    func requestDecodingIsStrict(body: String, error: SignalingDecodingError) {
        #expect(throws: error) { try PairingRequest(decoding: Array(body.utf8)) }
    }

    @Test func responseRoundTripsAndKeepsTheToken() throws {
        let token = BearerToken.generate()
        let response = PairingResponse(device: Self.viewer, token: token, camera: Self.camera)
        let decoded = try PairingResponse(decoding: response.encoded())
        #expect(decoded.device == Self.viewer)
        #expect(decoded.camera == Self.camera)
        #expect(token.digest.verifies(decoded.token))
        #expect(!String(describing: response).contains(token.wireText))
    }

    static func responseText(deviceID: String = Fixture.viewer.rawValue, role: String = "viewer",
                             token: String = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8",
                             cameraRole: String = "camera", extra: String = "") -> String {
        #"{"deviceId":"\#(deviceID)","role":"\#(role)","name":"A","token":"\#(token)","#
            + #""camera":{"id":"\#(Fixture.camera.rawValue)","role":"\#(cameraRole)","name":"K"\#(extra)}}"#
    }

    @Test(arguments: [
        (responseText(deviceID: "nope"), PairingResponseDecodingError.json(.invalidDeviceID(field: "deviceId", .wrongLength(4)))),
        (responseText(role: "admin"), .unknownRole(field: "role")),
        (responseText(cameraRole: "hub"), .unknownRole(field: "camera.role")),
        (responseText(token: "short"), .token(.wrongLength(5))),
        (responseText(extra: #","url":"x""#), .json(.unknownField("camera.url"))),
        (#"{"deviceId":"x"}"#, .json(.missingField("role"))),
    ])
    func responseDecodingIsStrict(body: String, error: PairingResponseDecodingError) {
        #expect(throws: error) { try PairingResponse(decoding: Array(body.utf8)) }
    }

    @Test(arguments: [
        (PairingRedemptionError.malformedCode(.wrongLength(3)), 400, "malformed-code"),
        (.unknownCode, 403, "unknown-code"),
        (.expired, 410, "expired-code"),
        (.alreadyUsed, 410, "code-used"),
        (.lockedOut, 429, "locked-out"),
    ])
    func redemptionErrorsMapToDistinctHTTPAnswers(error: PairingRedemptionError, status: Int, code: String) {
        #expect(error.httpStatus == status)
        #expect(error.code == code)
        #expect(String(decoding: error.responseBody, as: UTF8.self) == #"{"code":"\#(code)","message":"\#(error.message)"}"#)
    }
}
