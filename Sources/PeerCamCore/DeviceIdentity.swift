/// Who a device is: its stable id, the role it plays, and a name people recognise.
///
/// The camera keeps one of these for itself and one per paired viewer; the viewer
/// keeps one per camera it paired with. The name is for humans (token listings,
/// logs) and is never used for authorisation.
public struct DeviceIdentity: Sendable, Hashable, Codable {
    public let id: DeviceID
    public let role: Role
    public let name: String

    /// The longest name accepted, in UTF-8 bytes: enough for "Kitchen camera
    /// (north window)", short enough to keep listings and log lines bounded.
    public static let maximumNameLength = 64

    /// - Throws: `DeviceNameError` if `name` is empty, too long, or holds control
    ///   characters (they would let a name forge extra lines in logs).
    public init(id: DeviceID, role: Role, name: String) throws(DeviceNameError) {
        try Self.validate(name: name)
        self.id = id
        self.role = role
        self.name = name
    }

    /// Checks the name rules without making an identity (e.g. before pairing).
    public static func validate(name: String) throws(DeviceNameError) {
        guard !name.isEmpty else { throw .empty }
        guard name.utf8.count <= maximumNameLength else { throw .tooLong(name.utf8.count) }
        guard !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw .controlCharacter
        }
    }

    private enum CodingKeys: String, CodingKey { case id, role, name }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let roleText = try container.decode(String.self, forKey: .role)
        try self.init(id: container.decode(DeviceID.self, forKey: .id),
                      role: Role(parsing: roleText),
                      name: container.decode(String.self, forKey: .name))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(role.rawValue, forKey: .role)
        try container.encode(name, forKey: .name)
    }
}

/// Why a text cannot be a device name.
public enum DeviceNameError: Error, Sendable, Hashable {
    case empty
    /// Longer than `DeviceIdentity.maximumNameLength` UTF-8 bytes (the length found).
    case tooLong(Int)
    /// Contains a control character such as a newline.
    case controlCharacter
}
