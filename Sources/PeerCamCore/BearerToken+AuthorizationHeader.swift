extension BearerToken {
    /// Parses the value of an `Authorization` header strictly (RFC 6750 §2.1:
    /// `credentials = "Bearer" 1*SP b64token`).
    ///
    /// The scheme name is matched case-insensitively, as RFC 9110 §11.1 requires;
    /// everything else is exact: no leading or trailing whitespace, no tabs, no
    /// padding, and the token must be a canonical `BearerToken` wire text.
    /// - Throws: `AuthorizationHeaderError`; none of its cases contain the secret.
    public init(authorizationHeader value: String) throws(AuthorizationHeaderError) {
        let bytes = Array(value.utf8)
        guard !bytes.isEmpty else { throw .empty }
        let scheme = Array("bearer".utf8)
        guard bytes.count > scheme.count,
              zip(bytes, scheme).allSatisfy({ Self.asciiLowercased($0.0) == $0.1 }),
              bytes[scheme.count] == UInt8(ascii: " ")
        else { throw .notBearerScheme }
        let tokenStart = bytes[scheme.count...].firstIndex { $0 != UInt8(ascii: " ") } ?? bytes.count
        guard tokenStart < bytes.count else { throw .missingToken }
        do {
            try self.init(parsing: String(decoding: bytes[tokenStart...], as: UTF8.self))
        } catch {
            throw .malformedToken(error)
        }
    }

    /// The header value that presents this token: `Bearer <wireText>`.
    ///
    /// - Important: contains the secret; see `wireText`.
    public var authorizationHeaderValue: String { "Bearer " + wireText }

    private static func asciiLowercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
    }
}

/// Why an `Authorization` header does not carry a usable bearer token. A server
/// answers all of them with 401 and `WWW-Authenticate: Bearer` (RFC 6750 §3).
public enum AuthorizationHeaderError: Error, Sendable, Equatable {
    /// The header is present but empty.
    case empty
    /// The value does not start with the scheme `Bearer` followed by a space.
    case notBearerScheme
    /// `Bearer` and spaces, but no token after them.
    case missingToken
    /// The token text is not a canonical bearer token.
    case malformedToken(BearerTokenFormatError)
}
