/// Which side of a stream a paired device plays.
///
/// A token is bound to exactly one role when it is issued, so a viewer's
/// credentials can never be used to impersonate a camera on the signaling
/// channel (and the reverse).
public enum Role: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// The box that captures and sends media, and answers stream requests.
    case camera
    /// The desktop agent that requests a stream and receives media.
    case viewer

    /// Parses the wire/config spelling (`"camera"`, `"viewer"`), exactly.
    ///
    /// - Throws: `RoleParsingError.unknownRole` for anything else, including other
    ///   capitalisations: the value is machine-written, so a variant is a bug worth seeing.
    public init(parsing text: String) throws(RoleParsingError) {
        guard let role = Role(rawValue: text) else { throw .unknownRole }
        self = role
    }

    public var description: String { rawValue }
}

/// Why a text is not a `Role`.
public enum RoleParsingError: Error, Sendable, Equatable {
    /// The text is not one of the spellings of `Role.allCases`.
    case unknownRole
}
