import DTLS
import ICE
import PeerCamConfig
import WebRTC

/// Turns the `[ice]` section into the settings every session's `PeerConnection` gets.
enum CameraPeerConnectionSettings {
    static func make(from ice: CameraAgentConfiguration.ICE, certificate: DTLSCertificate, cname: String)
        throws(CameraICEServerError) -> PeerConnectionConfiguration {
        var stun: ICEAgentConfiguration.STUNServer?
        var turn: [ICEAgentConfiguration.TURNServer] = []
        for server in ice.servers {
            for url in server.urls {
                let parsed = try ICEServerURL(url)
                switch parsed.scheme {
                case "stun":
                    // libnice takes one STUN server; the first wins, the rest are named in the log.
                    if stun == nil { stun = .init(address: parsed.host, port: parsed.port ?? 3478) }
                case "turn":
                    turn.append(.init(address: parsed.host, port: parsed.port ?? 3478, username: server.username ?? "",
                                      password: server.credential ?? "", transport: parsed.transport == "tcp" ? .tcp : .udp))
                default:
                    // stuns:/turns: would go out as plain TCP with libnice 0.1.21: refused, not downgraded.
                    throw .tlsUnavailable(url)
                }
            }
        }
        let addresses: ICEAgentConfiguration.LocalAddresses = ice.hostAddresses.isEmpty
            ? .allInterfaces(includeLoopback: ice.includeLoopback)
            : .only(ice.hostAddresses + (ice.includeLoopback ? ["127.0.0.1"] : []))
        return PeerConnectionConfiguration(certificate: certificate, stunServer: stun, turnServers: turn,
                                           localAddresses: addresses, cname: cname)
    }
}

/// A `stun:`/`turn:` URL (RFC 7064 / RFC 7065) taken apart.
struct ICEServerURL {
    var scheme: String
    var host: String
    var port: UInt16?
    var transport: String?

    init(_ url: String) throws(CameraICEServerError) {
        guard let colon = url.firstIndex(of: ":") else { throw .malformed(url) }
        scheme = String(url[..<colon])
        var rest = Substring(url[url.index(after: colon)...])
        if let question = rest.firstIndex(of: "?") {
            let query = rest[rest.index(after: question)...]
            transport = query.split(separator: "&").first { $0.hasPrefix("transport=") }.map { String($0.dropFirst(10)) }
            rest = rest[..<question]
        }
        if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
            host = String(rest[rest.index(after: rest.startIndex)..<close])
            rest = rest[rest.index(after: close)...]
            if rest.hasPrefix(":") { port = UInt16(rest.dropFirst()) } else if !rest.isEmpty { throw .malformed(url) }
        } else if let portColon = rest.lastIndex(of: ":") {
            host = String(rest[..<portColon])
            guard let value = UInt16(rest[rest.index(after: portColon)...]) else { throw .malformed(url) }
            port = value
        } else {
            host = String(rest)
        }
        guard !host.isEmpty else { throw .malformed(url) }
    }
}

/// An `[[ice.servers]]` URL the agent cannot use.
public enum CameraICEServerError: Error, Sendable, Equatable, CustomStringConvertible {
    case malformed(String)
    case tlsUnavailable(String)

    public var description: String {
        switch self {
        case .malformed(let url): "ICE server URL \(url) is malformed (stun:HOST[:PORT] or turn:HOST[:PORT][?transport=udp|tcp])"
        case .tlsUnavailable(let url): "ICE server URL \(url): stuns:/turns: are not supported (libnice would send them unencrypted)"
        }
    }
}
