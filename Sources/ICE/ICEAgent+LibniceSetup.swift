import CNice

/// Turning an `ICEAgentConfiguration` into libnice properties, and the small libnice reads
/// the agent needs (credentials, candidates), kept apart from the agent's life cycle.
extension ICEAgent {
    /// The IP literals to hand to `nice_agent_add_local_address`. An empty list lets libnice
    /// enumerate interfaces itself, which skips loopback.
    static func localAddresses(for selection: ICEAgentConfiguration.LocalAddresses) throws(ICEAgentSetupError) -> [String] {
        switch selection {
        case .allInterfaces(includeLoopback: false):
            return []
        case .allInterfaces(includeLoopback: true):
            var addresses: [String] = []
            let list = nice_interfaces_get_local_ips(1)
            var node = list
            while let current = node {
                if let text = current.pointee.data {
                    addresses.append(String(cString: text.assumingMemoryBound(to: CChar.self)))
                    g_free(text)
                }
                node = current.pointee.next
            }
            g_list_free(list)
            return addresses
        case .only(let addresses):
            for address in addresses where !isIPLiteral(address) {
                throw .invalidLocalAddress(address)
            }
            return addresses
        }
    }

    static func validateServers(_ configuration: ICEAgentConfiguration) throws(ICEAgentSetupError) {
        if let stun = configuration.stunServer, !isIPLiteral(stun.address) || stun.port == 0 {
            throw .invalidServer(stun.address)
        }
        for turn in configuration.turnServers where !isIPLiteral(turn.address) || turn.port == 0 {
            throw .invalidServer(turn.address)
        }
    }

    static func isIPLiteral(_ text: String) -> Bool {
        guard let address = nice_address_new() else { return false }
        defer { nice_address_free(address) }
        return nice_address_set_from_string(address, text) != 0
    }

    static func addLocalAddress(_ text: String, to agent: OpaquePointer) {
        guard let address = nice_address_new() else { return }
        defer { nice_address_free(address) }
        // Validated by `localAddresses(for:)`; interface addresses come from libnice itself.
        if nice_address_set_from_string(address, text) != 0 {
            _ = nice_agent_add_local_address(agent, address)
        }
    }

    static func applyProperties(_ configuration: ICEAgentConfiguration, to agent: OpaquePointer) {
        let object = UnsafeMutableRawPointer(agent)
        // Never ask routers to open ports, and never multicast SSDP, unless we add a setting.
        CPeerCam_g_object_set_boolean(object, "upnp", 0)
        CPeerCam_g_object_set_boolean(object, "controlling-mode", configuration.role == .controlling ? 1 : 0)
        CPeerCam_g_object_set_boolean(object, "ice-tcp", configuration.tcpCandidates ? 1 : 0)
        // Request/response keepalives, so a dead path is noticed (implied by consent freshness).
        CPeerCam_g_object_set_boolean(object, "keepalive-conncheck", 1)
        let timeouts = configuration.timeouts
        CPeerCam_g_object_set_uint(object, "stun-initial-timeout", min(max(timeouts.stunInitialMilliseconds, 20), 9999))
        CPeerCam_g_object_set_uint(object, "stun-max-retransmissions", min(max(timeouts.stunMaxRetransmissions, 1), 99))
        CPeerCam_g_object_set_uint(object, "idle-timeout", min(max(timeouts.idleMilliseconds, 50), 60000))
        if let stun = configuration.stunServer {
            CPeerCam_g_object_set_string(object, "stun-server", stun.address)
            CPeerCam_g_object_set_uint(object, "stun-server-port", guint(stun.port))
        }
    }

    static func applyStreamSettings(_ configuration: ICEAgentConfiguration, to agent: OpaquePointer, streamID: UInt32) throws(ICEAgentSetupError) {
        if let range = configuration.portRange {
            nice_agent_set_port_range(agent, streamID, 1, guint(range.lowerBound), guint(range.upperBound))
        }
        for turn in configuration.turnServers {
            let type: NiceRelayType = switch turn.transport {
            case .udp: NICE_RELAY_TYPE_TURN_UDP
            case .tcp: NICE_RELAY_TYPE_TURN_TCP
            case .tls: NICE_RELAY_TYPE_TURN_TLS
            }
            guard nice_agent_set_relay_info(agent, streamID, 1, turn.address, guint(turn.port), turn.username, turn.password, type) != 0 else {
                throw .invalidServer(turn.address)
            }
        }
    }

    static func credentials(of agent: OpaquePointer, streamID: UInt32) -> ICECredentials {
        var ufrag: UnsafeMutablePointer<gchar>?
        var password: UnsafeMutablePointer<gchar>?
        _ = nice_agent_get_local_credentials(agent, streamID, &ufrag, &password)
        defer {
            g_free(ufrag)
            g_free(password)
        }
        return ICECredentials(
            usernameFragment: ufrag.map { String(cString: $0) } ?? "",
            password: password.map { String(cString: $0) } ?? "")
    }

    static func localCandidates(of agent: OpaquePointer, streamID: UInt32) -> [ICECandidate] {
        var candidates: [ICECandidate] = []
        let list = nice_agent_get_local_candidates(agent, streamID, 1)
        var node = list
        while let current = node {
            if let raw = current.pointee.data {
                let candidate = raw.assumingMemoryBound(to: NiceCandidate.self)
                candidates.append(ICECandidate(agent: agent, candidate: candidate))
                nice_candidate_free(candidate)
            }
            node = current.pointee.next
        }
        g_slist_free(list)
        return candidates
    }

    /// Normalises a trickled candidate to the `a=candidate:` line libnice parses, naming what
    /// is wrong when it cannot be one.
    static func candidateLine(_ text: String) throws(ICERemoteCandidateError) -> String {
        var line = text.trimmingSDPWhitespace()
        if line.hasPrefix("candidate:") { line = "a=" + line }
        guard line.hasPrefix("a=candidate:") else { throw .rfc8839NotACandidateAttribute(text) }
        let fields = line.split(separator: " ")
        if fields.count > 4, fields[4].lowercased().hasSuffix(".local") {
            throw .mdnsHostnameUnsupported(text)
        }
        return line
    }
}

private extension String {
    /// Drops the spaces, tabs and CR/LF that signaling leaves around an attribute.
    func trimmingSDPWhitespace() -> String {
        let characters: Set<Character> = [" ", "\t", "\r", "\n", "\r\n"]
        var slice = Substring(self)
        while let first = slice.first, characters.contains(first) { slice.removeFirst() }
        while let last = slice.last, characters.contains(last) { slice.removeLast() }
        return String(slice)
    }
}

extension ICEAgent {
    /// The name of this agent's loop thread, as `/proc/self/task/*/comm` shows it.
    var loopThreadName: String { loop.threadName }

    /// The file descriptors of the component's sockets, so tests can check they are closed.
    func socketDescriptors() throws -> [Int32] {
        try perform {
            guard let sockets = nice_agent_get_sockets(nice, streamID, 1) else { return [] }
            defer { g_ptr_array_unref(sockets) }
            return (0..<Int(sockets.pointee.len)).compactMap { index in
                sockets.pointee.pdata[index].map { g_socket_get_fd($0.assumingMemoryBound(to: GSocket.self)) }
            }
        }
    }

    /// Reads a boolean GObject property of the libnice agent, so tests can prove what the
    /// agent was told (UPnP off, role, ICE-TCP, consent freshness) rather than trust it.
    func libniceBooleanProperty(_ name: String) throws -> Bool {
        try perform { CPeerCam_g_object_get_boolean(UnsafeMutableRawPointer(nice), name) != 0 }
    }
}
