/// The body of `POST /pair`: the code a person typed and a name for the new device.
/// See `docs/protocol.md` § 2.2.
public struct PairingRequest: Sendable, Hashable {
    /// The code as typed; `PairingCodeBook.redeem` normalises and checks it, so that
    /// malformed codes are reported (and not counted as guesses) in one place.
    public var code: String
    /// Shown in the camera's token list; validated like `DeviceIdentity.name`.
    public var name: String

    /// Largest request body accepted: a code and a 64-byte name fit many times over.
    public static let maximumSize = 1_024

    public init(code: String, name: String) {
        self.code = code
        self.name = name
    }

    /// Decodes a request body strictly (same JSON rules as signaling messages).
    ///
    /// - Throws: `SignalingDecodingError`; `POST /pair` answers all of them with 400
    ///   `invalid-json`; a bad name is `.invalidDeviceName`.
    public init(decoding body: some Collection<UInt8>) throws(SignalingDecodingError) {
        var object = try JSONObjectReader(parsing: body, limit: Self.maximumSize)
        code = try object.string("code")
        name = try object.string("name")
        try object.finish()
        do { try DeviceIdentity.validate(name: name) } catch { throw .invalidDeviceName(error) }
    }

    public func encoded() -> [UInt8] {
        JSONValue.object(["code": .string(code), "name": .string(name)]).encoded()
    }
}

/// The `201 Created` body of `POST /pair`: the new device's identity, its bearer
/// token, and who the camera is. Printing it never shows the token.
public struct PairingResponse: Sendable {
    /// The paired device (normally a viewer) as the camera recorded it.
    public var device: DeviceIdentity
    public var token: BearerToken
    public var camera: DeviceIdentity

    public init(device: DeviceIdentity, token: BearerToken, camera: DeviceIdentity) {
        self.device = device
        self.token = token
        self.camera = camera
    }

    /// - Important: the result contains the token; send it only over the pinned TLS connection.
    public func encoded() -> [UInt8] {
        JSONValue.object([
            "deviceId": .string(device.id.rawValue),
            "role": .string(device.role.rawValue),
            "name": .string(device.name),
            "token": .string(token.wireText),
            "camera": .object([
                "id": .string(camera.id.rawValue),
                "role": .string(camera.role.rawValue),
                "name": .string(camera.name),
            ]),
        ]).encoded()
    }

    /// Decodes the camera's answer strictly (viewer side).
    ///
    /// - Throws: `PairingResponseDecodingError` naming the broken rule.
    public init(decoding body: some Collection<UInt8>) throws(PairingResponseDecodingError) {
        let device: (id: String, role: String, name: String), camera: (id: String, role: String, name: String)
        let tokenText: String
        do {
            var object = try JSONObjectReader(parsing: body, limit: SignalingMessage.maximumSize)
            device = (try object.string("deviceId"), try object.string("role"), try object.string("name"))
            tokenText = try object.string("token")
            var cameraObject = try object.object("camera")
            camera = (try cameraObject.string("id"), try cameraObject.string("role"), try cameraObject.string("name"))
            try cameraObject.finish()
            try object.finish()
        } catch {
            throw .json(error)
        }
        self.device = try Self.identity(device, idField: "deviceId", roleField: "role")
        self.camera = try Self.identity(camera, idField: "camera.id", roleField: "camera.role")
        do { token = try BearerToken(parsing: tokenText) } catch { throw .token(error) }
    }

    private static func identity(_ fields: (id: String, role: String, name: String), idField: String, roleField: String)
        throws(PairingResponseDecodingError) -> DeviceIdentity {
        let id: DeviceID
        do { id = try DeviceID(parsing: fields.id) } catch { throw .json(.invalidDeviceID(field: idField, error)) }
        let role: Role
        do { role = try Role(parsing: fields.role) } catch { throw .unknownRole(field: roleField) }
        do { return try DeviceIdentity(id: id, role: role, name: fields.name) } catch { throw .json(.invalidDeviceName(error)) }
    }
}

/// Why a `POST /pair` answer cannot be used.
public enum PairingResponseDecodingError: Error, Sendable, Hashable {
    /// The JSON shape or a field value is wrong.
    case json(SignalingDecodingError)
    /// A `role` field is not `camera` or `viewer`.
    case unknownRole(field: String)
    /// The token is not a canonical bearer token.
    case token(BearerTokenFormatError)
}
