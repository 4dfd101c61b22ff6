/// An ICE server the camera advertises to WHEP clients in `Link` headers
/// ([RFC 9725 §4.6](https://www.rfc-editor.org/rfc/rfc9725#section-4.6)):
/// `Link: <turn:turn.example.net?transport=udp>; rel="ice-server"; username="u";
/// credential="p"; credential-type="password"`.
///
/// None is configured by default: PeerCam never points anyone at a public server; an operator
/// names their own STUN/TURN servers.
public struct WHEPICEServer: Sendable, Equatable {
    /// `stun:`, `stuns:`, `turn:` or `turns:` URI (RFC 7064, RFC 7065).
    public let url: String
    /// TURN long-term credentials (RFC 8489 §9.2); STUN servers have none.
    public let username: String?
    public let credential: String?

    /// The URI schemes RFC 9725 §4.6 allows in an `ice-server` link.
    public static let schemes = ["stun:", "stuns:", "turn:", "turns:"]

    /// - Throws: `WHEPICEServerError` for a URL that is not a STUN/TURN URI or a value that
    ///   cannot be written into the header (it would let the configuration inject other links).
    public init(url: String, username: String? = nil, credential: String? = nil) throws(WHEPICEServerError) {
        guard Self.schemes.contains(where: { url.lowercased().hasPrefix($0) }) else { throw .unsupportedScheme(url) }
        guard url.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F && $0 != ">" && $0 != "<" })
        else { throw .unsafeCharacters(field: "url") }
        for (field, value) in [("username", username), ("credential", credential)] {
            guard let value else { continue }
            guard value.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) else {
                throw .unsafeCharacters(field: field)
            }
        }
        guard (username == nil) == (credential == nil) else { throw .credentialWithoutUsername }
        self.url = url
        self.username = username
        self.credential = credential
    }

    /// The `Link` field value.
    public var linkHeaderValue: String {
        var value = "<\(url)>; rel=\"ice-server\""
        if let username, let credential {
            value += "; username=\(Self.quoted(username)); credential=\(Self.quoted(credential))"
            value += "; credential-type=\"password\""
        }
        return value
    }

    /// An RFC 9110 §5.6.4 quoted-string.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for character in text {
            if character == "\"" || character == "\\" { result.append("\\") }
            result.append(character)
        }
        return result + "\""
    }
}

/// Why a configured ICE server cannot be advertised.
public enum WHEPICEServerError: Error, Sendable, Equatable {
    /// RFC 9725 §4.6 links name `stun:`, `stuns:`, `turn:` or `turns:` URIs only.
    case unsupportedScheme(String)
    /// Control characters, spaces or angle brackets would break the `Link` header.
    case unsafeCharacters(field: String)
    /// TURN credentials come as a pair.
    case credentialWithoutUsername
}
