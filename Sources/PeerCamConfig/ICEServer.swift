/// A STUN or TURN server for ICE candidate gathering (RFC 8445 §5.1.1).
///
/// The list is empty by default: a camera contacts no third party unless an
/// operator configures one. URLs follow RFC 7064 (`stun:host[:port]`) and
/// RFC 7065 (`turn:host[:port][?transport=udp|tcp]`, `turns:`).
public struct ICEServer: Equatable, Sendable {
    public var urls: [String]
    public var username: String?
    public var credential: String?

    public init(urls: [String], username: String? = nil, credential: String? = nil) {
        self.urls = urls
        self.username = username
        self.credential = credential
    }

    /// Checks the URL schemes and that TURN servers carry credentials.
    public func validate() throws(ConfigurationValueProblem) {
        guard !urls.isEmpty else { throw .empty }
        var needsCredentials = false
        for url in urls {
            guard let colon = url.firstIndex(of: ":") else { throw .notICEServerURL(url) }
            let scheme = url[..<colon]
            let rest = url[url.index(after: colon)...]
            guard ["stun", "stuns", "turn", "turns"].contains(scheme), !rest.isEmpty,
                  !rest.hasPrefix("/"), !rest.contains(where: \.isWhitespace) else {
                throw .notICEServerURL(url)
            }
            if scheme.hasPrefix("turn") { needsCredentials = true }
        }
        if needsCredentials && (username ?? "").isEmpty || needsCredentials && (credential ?? "").isEmpty {
            throw .turnServerWithoutCredentials
        }
    }
}
