/// An ICE candidate as carried in `a=candidate:` lines and in trickle ICE messages,
/// [RFC 8839 §5.1](https://www.rfc-editor.org/rfc/rfc8839#section-5.1).
///
/// Usable alone: trickle sends single `candidate:…` strings, and `SDPCandidate(parsing:)`
/// accepts them with or without the `a=` prefix. Extension attributes other than `raddr`,
/// `rport` and `tcptype` (`generation`, `network-id`, `network-cost`, `ufrag`, …) are kept in
/// order and written back.
public struct SDPCandidate: Equatable, Hashable, Sendable {
    public var foundation: String
    /// 1 = RTP; with rtcp-mux every WebRTC candidate has component 1.
    public var component: UInt16
    /// `udp` or `tcp` as the peer wrote it (Firefox writes `UDP`); compare with `isUDP`/`isTCP`.
    public var transport: String
    public var priority: UInt32
    /// An IPv4/IPv6 literal or an mDNS name (`…local`, RFC 8839 §5.1 allows FQDNs).
    public var address: String
    public var port: UInt16
    public var type: SDPCandidateType
    public var relatedAddress: String?
    public var relatedPort: UInt16?
    /// RFC 6544 §4.5: `active`, `passive` or `so` for TCP candidates.
    public var tcpType: String?
    public var extensions: [Extension]

    public struct Extension: Equatable, Hashable, Sendable {
        public var name: String
        public var value: String
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public init(foundation: String, component: UInt16 = 1, transport: String = "udp", priority: UInt32,
                address: String, port: UInt16, type: SDPCandidateType, relatedAddress: String? = nil,
                relatedPort: UInt16? = nil, tcpType: String? = nil, extensions: [Extension] = []) {
        self.foundation = foundation
        self.component = component
        self.transport = transport
        self.priority = priority
        self.address = address
        self.port = port
        self.type = type
        self.relatedAddress = relatedAddress
        self.relatedPort = relatedPort
        self.tcpType = tcpType
        self.extensions = extensions
    }

    public var isUDP: Bool { transport.lowercased() == "udp" }
    public var isTCP: Bool { transport.lowercased() == "tcp" }

    /// Parses a candidate from `a=candidate:…`, `candidate:…` (trickle) or the bare value.
    public init(parsing line: String) throws(SDPAttributeFormatError) {
        var text = Substring(line)
        while let last = text.last, last.isWhitespace { text = text.dropLast() }
        if text.hasPrefix("a=") { text = text.dropFirst(2) }
        guard text.hasPrefix("candidate:") else { throw .candidatePrefixMissing }
        try self.init(attributeValue: String(text.dropFirst("candidate:".count)))
    }

    /// Parses the value of an `a=candidate` attribute (the text after `candidate:`).
    public init(attributeValue: String?) throws(SDPAttributeFormatError) {
        var fields = try SDPAttributeFields(attributeValue, expected: 8)
        foundation = try fields.text()
        guard foundation.count <= 32, foundation.allSatisfy(\.isICEChar) else {
            throw .invalidToken(field: "foundation", text: foundation)
        }
        component = try fields.number("component-id", in: 1...256)
        transport = try fields.text()
        priority = try fields.number("priority", in: 1...UInt32.max)
        address = try fields.text()
        port = try fields.number("port")
        let typ = try fields.text()
        guard typ == "typ" else { throw .invalidToken(field: "typ", text: typ) }
        type = SDPCandidateType(token: try fields.text())
        relatedAddress = nil
        relatedPort = nil
        tcpType = nil
        extensions = []
        while !fields.isEmpty {
            let name = try fields.text()
            guard !fields.isEmpty else { throw .candidateExtensionWithoutValue(name) }
            switch name {
            case "raddr": relatedAddress = try fields.text()
            case "rport": relatedPort = try fields.number("rport")
            case "tcptype": tcpType = try fields.text()
            default: extensions.append(Extension(name: name, value: try fields.text()))
            }
        }
    }

    /// The text after `candidate:`.
    public var attributeValue: String {
        var parts = [foundation, String(component), transport, String(priority), address, String(port),
                     "typ", type.token]
        if let relatedAddress { parts += ["raddr", relatedAddress] }
        if let relatedPort { parts += ["rport", String(relatedPort)] }
        if let tcpType { parts += ["tcptype", tcpType] }
        for item in extensions { parts += [item.name, item.value] }
        return parts.joined(separator: " ")
    }

    /// `candidate:…`, the form trickle ICE messages carry.
    public var candidateLine: String { "candidate:\(attributeValue)" }

    public var attribute: SDPAttribute { SDPAttribute("candidate", attributeValue) }

    /// Looks up an extension attribute such as `generation` or `network-id`.
    public func extensionValue(_ name: String) -> String? {
        extensions.first { $0.name == name }?.value
    }
}

/// RFC 8839 §5.1 `cand-type`; unknown tokens are kept, not refused (the grammar is extensible).
public enum SDPCandidateType: Equatable, Hashable, Sendable {
    case host, serverReflexive, peerReflexive, relayed
    case other(String)

    init(token: String) {
        switch token {
        case "host": self = .host
        case "srflx": self = .serverReflexive
        case "prflx": self = .peerReflexive
        case "relay": self = .relayed
        default: self = .other(token)
        }
    }

    public var token: String {
        switch self {
        case .host: "host"
        case .serverReflexive: "srflx"
        case .peerReflexive: "prflx"
        case .relayed: "relay"
        case .other(let token): token
        }
    }
}

extension Character {
    /// RFC 8839 `ice-char`: ALPHA / DIGIT / "+" / "/".
    var isICEChar: Bool {
        guard let value = asciiValue else { return false }
        return (0x30...0x39).contains(value) || (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value)
            || value == 0x2B || value == 0x2F
    }
}
