import TOMLKit

extension CameraAgentConfiguration {
    /// Where `camera-agent run` looks when `--config` and `PEERCAM_CONFIG` are absent.
    public static let defaultConfigFile = "/etc/peercam/camera-agent.toml"

    /// Every option: TOML key, environment variable, rule. docs/operations.md
    /// and config/camera-agent.toml list the same table.
    static var options: [ConfigurationOption<Self>] {
        [
            .absolutePath("state_dir", environment: "PEERCAM_STATE_DIR", \.stateDirectory),
            .value("listen", environment: "PEERCAM_LISTEN", \.listen),
            .absolutePath("admin_socket", environment: "PEERCAM_ADMIN_SOCKET", \.adminSocket),
            .value("log_level", environment: "PEERCAM_LOG_LEVEL", \.logLevel),
            .value("video.device", environment: "PEERCAM_VIDEO", \.video.device),
            .value("video.size", environment: "PEERCAM_SIZE", \.video.size),
            .integer("video.fps", environment: "PEERCAM_FPS", \.video.framesPerSecond, in: 1...60),
            .integer("video.bitrate", environment: "PEERCAM_BITRATE", \.video.bitrate, in: 50_000...20_000_000),
            .value("audio.device", environment: "PEERCAM_AUDIO", \.audio.device),
            .integer("viewers.max_per_stream", environment: "PEERCAM_MAX_VIEWERS_PER_STREAM",
                     \.viewers.maxPerStream, in: 1...256),
            .integer("viewers.max_total", environment: "PEERCAM_MAX_VIEWERS", \.viewers.maxTotal, in: 1...1024),
            iceServers,
            .value("ice.host_addresses", environment: "PEERCAM_ICE_HOST_ADDRESSES", \.ice.hostAddresses,
                   rule: ConfigurationRule.ipAddresses),
            .value("ice.include_loopback", environment: "PEERCAM_ICE_INCLUDE_LOOPBACK", \.ice.includeLoopback),
            .integer("pairing.code_lifetime_seconds", environment: "PEERCAM_PAIRING_CODE_LIFETIME",
                     \.pairing.codeLifetimeSeconds, in: 30...3600),
            .integer("pairing.max_attempts", environment: "PEERCAM_PAIRING_MAX_ATTEMPTS",
                     \.pairing.maxAttempts, in: 1...20),
            .value("metrics.enabled", environment: "PEERCAM_METRICS", \.metrics.enabled),
        ]
    }

    static var crossRules: [ConfigurationCrossRule<Self>] {
        [
            ConfigurationCrossRule(keys: ["viewers.max_per_stream", "viewers.max_total"]) {
                $0.viewers.maxPerStream > $0.viewers.maxTotal ? .perStreamCapAboveTotal : nil
            },
        ]
    }

    /// `[[ice.servers]]` tables: file only, since credentials do not belong
    /// in a process environment that `systemctl show` prints.
    private static var iceServers: ConfigurationOption<Self> {
        ConfigurationOption(
            key: "ice.servers",
            environmentVariable: nil,
            readTOML: { (root: inout Self, value: any TOMLValueConvertible) throws(ConfigurationValueError) in
                guard let array = value.array else {
                    throw .wrongType(expected: "an array of tables", found: "a TOML \(value.type.description)")
                }
                var servers: [ICEServer] = []
                for element in array {
                    guard let table = element.table else {
                        throw .wrongType(expected: "an array of tables", found: "an array holding a TOML \(element.type.description)")
                    }
                    servers.append(try ICEServer(toml: table))
                }
                root.ice.servers = servers
            },
            readText: nil,
            check: { root in
                for server in root.ice.servers {
                    do throws(ConfigurationValueProblem) { try server.validate() } catch { return error }
                }
                return nil
            },
            currentText: { "\($0.ice.servers.count) server(s)" })
    }
}

extension ICEServer {
    init(toml table: TOMLTable) throws(ConfigurationValueError) {
        var urls: [String] = []
        var username: String?
        var credential: String?
        for key in table.keys {
            guard let value = table[key] else { continue }
            switch key {
            case "urls": urls = try [String](toml: value)
            case "username": username = try String(toml: value)
            case "credential": credential = try String(toml: value)
            default: throw .invalid(.unknownICEServerField(key))
            }
        }
        self.init(urls: urls, username: username, credential: credential)
    }
}
