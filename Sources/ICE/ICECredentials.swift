/// The short-term credentials of one side of an ICE session: `a=ice-ufrag` and `a=ice-pwd`
/// (RFC 8839 §5.4). A new pair is made by every ICE restart (RFC 8445 §2.4).
public struct ICECredentials: Equatable, Sendable {
    public var usernameFragment: String
    public var password: String

    public init(usernameFragment: String, password: String) {
        self.usernameFragment = usernameFragment
        self.password = password
    }

    /// Checks the RFC 8839 §5.4 lengths and character set, so a bad remote value fails here
    /// with a named rule rather than as a silent connectivity-check failure later.
    public func validate() throws(ICECredentialsError) {
        guard (4...256).contains(usernameFragment.count) else {
            throw .rfc8839UsernameFragmentLength(usernameFragment.count)
        }
        guard (22...256).contains(password.count) else {
            throw .rfc8839PasswordLength(password.count)
        }
        for character in usernameFragment + password where !Self.isICEChar(character) {
            throw .rfc8839InvalidCharacter(character)
        }
    }

    private static func isICEChar(_ character: Character) -> Bool {
        guard character.isASCII, let ascii = character.asciiValue else { return false }
        switch ascii {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "/"):
            return true
        default:
            return false
        }
    }
}
