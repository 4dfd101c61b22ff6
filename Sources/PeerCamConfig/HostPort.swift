#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A listening address, `HOST:PORT`; IPv6 literals in brackets (`[::1]:8443`,
/// as in RFC 3986 §3.2.2 authorities).
///
/// The agents' default is loopback: nothing listens on a public interface
/// unless an operator says so.
public struct HostPort: Equatable, Sendable, CustomStringConvertible {
    /// Host name or numeric address, without brackets.
    public var host: String
    public var port: UInt16

    public init(host: String, port: UInt16) {
        self.host = host
        self.port = port
    }

    /// Parses `HOST:PORT` or `[IPV6]:PORT`; port 0 is refused because a
    /// viewer could not be told where to connect.
    public init(parsing text: String) throws(ConfigurationValueProblem) {
        let host: Substring
        let portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"),
                  text[text.index(after: close)...].hasPrefix(":") else { throw .notHostAndPort }
            host = text[text.index(after: text.startIndex)..<close]
            portText = text[text.index(close, offsetBy: 2)...]
            guard IPAddressText.isIPv6(String(host)) else { throw .notHostAndPort }
        } else {
            guard let colon = text.lastIndex(of: ":") else { throw .notHostAndPort }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
            guard !host.contains(":") else { throw .notHostAndPort }
        }
        guard !host.isEmpty, !host.contains(where: \.isWhitespace),
              portText.allSatisfy({ $0.isASCII && $0.isNumber }), let port = UInt16(portText), port > 0 else {
            throw .notHostAndPort
        }
        self.init(host: String(host), port: port)
    }

    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}

/// Numeric IP address checks, through `inet_pton(3)` so they agree with
/// what the socket layer will accept.
enum IPAddressText {
    static func isIPv4(_ text: String) -> Bool {
        var address = in_addr()
        return inet_pton(AF_INET, text, &address) == 1
    }

    static func isIPv6(_ text: String) -> Bool {
        var address = in6_addr()
        return inet_pton(AF_INET6, text, &address) == 1
    }

    static func isIP(_ text: String) -> Bool { isIPv4(text) || isIPv6(text) }
}
