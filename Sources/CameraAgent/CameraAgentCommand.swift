import ArgumentParser
import CameraAgentCore
import CaptureProbe
import Foundation
import Logging
import PeerCamConfig
import PeerCamCore
import Signaling

/// `camera-agent`: the camera box's streaming agent and its operator commands.
@main
struct CameraAgentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "camera-agent",
        abstract: "Stream this camera to paired PeerCam viewers (WebRTC), and manage pairing.",
        discussion: """
            Exit status: 0 stopped cleanly; 1 failed while running or could not reach the running agent; \
            78 configuration error (the message names the file, key and line, variable or flag).
            """,
        subcommands: [Run.self, Pair.self, Devices.self, Sessions.self, Probe.self],
        defaultSubcommand: Run.self)
}

/// Where to find the configuration, shared by every subcommand.
struct ConfigurationOptions: ParsableArguments {
    @Option(name: .long, help: "Configuration file (default /etc/peercam/camera-agent.toml, or $PEERCAM_CONFIG).")
    var config: String?

    @Option(name: .long, help: "Admin socket of the running agent (default from the configuration).")
    var adminSocket: String?

    func resolve(_ overrides: CameraAgentOverrides = CameraAgentOverrides()) throws -> CameraAgentConfiguration {
        var overrides = overrides
        overrides.configFile = config
        if let adminSocket { overrides.adminSocket = adminSocket }
        do {
            return try CameraAgentConfiguration.resolve(commandLine: overrides, environment: ProcessInfo.processInfo.environment)
        } catch {
            FileHandle.standardError.write(Data("camera-agent: \(error)\n".utf8))
            throw ExitCode(78)
        }
    }

    func adminClient() throws -> SignalingAdminClient {
        SignalingAdminClient(socketPath: try resolve().adminSocket)
    }
}

/// Parses a flag value with the configuration's own parser, so flags and the file agree.
func parseFlag<Value>(_ text: String?, flag: String,
                      _ parse: (String) throws(ConfigurationValueProblem) -> Value) throws -> Value? {
    guard let text else { return nil }
    do { return try parse(text) } catch {
        throw ValidationError("\(flag) \(text): \(error)")
    }
}

/// Prints `value` as one line of JSON (sorted keys, ISO 8601 dates) for scripts.
func printJSON(_ value: some Encodable) throws {
    let encoder = JSONEncoder()
    encoder.dateEncodingStrategy = .iso8601
    encoder.outputFormatting = [.sortedKeys]
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}

func fail(_ message: String, code: Int32 = 1) -> ExitCode {
    FileHandle.standardError.write(Data("camera-agent: \(message)\n".utf8))
    return ExitCode(code)
}

extension CameraAgentCommand {
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the agent (what the systemd unit starts).")

        @OptionGroup var options: ConfigurationOptions
        @Option(help: "State directory: identity, TLS certificate, paired devices (default /var/lib/peercam).")
        var stateDir: String?
        @Option(help: "HOST:PORT for HTTPS + WebSocket signaling (default 127.0.0.1:8443).")
        var listen: String?
        @Option(help: "Video source: /dev/videoN, /dev/peercam/NAME or \"test\".")
        var video: String?
        @Option(help: "Audio source: an ALSA device (hw:1,0), \"test\" or \"none\".")
        var audio: String?
        @Option(help: "Picture size WIDTHxHEIGHT.")
        var size: String?
        @Option(help: "Frames per second.")
        var fps: Int?
        @Option(help: "Encoder start bitrate, bit/s.")
        var bitrate: Int?
        @Option(help: "trace, debug, info, notice, warning, error, critical.")
        var logLevel: String?

        func run() async throws {
            let overrides = CameraAgentOverrides(
                stateDirectory: stateDir,
                listen: try parseFlag(listen, flag: "--listen", HostPort.init(parsing:)),
                logLevel: try parseFlag(logLevel, flag: "--log-level", LogLevel.init(parsing:)),
                videoDevice: try parseFlag(video, flag: "--video", VideoSourceSelection.init(parsing:)),
                videoSize: try parseFlag(size, flag: "--size", VideoSize.init(parsing:)),
                framesPerSecond: fps, bitrate: bitrate,
                audioDevice: try parseFlag(audio, flag: "--audio", AudioSourceSelection.init(parsing:)))
            let configuration = try options.resolve(overrides)
            let logger = AgentLogging.bootstrap(label: "peercam.camera-agent", level: configuration.logLevel)
            let agent: CameraAgent
            do {
                agent = try CameraAgent(configuration: configuration, environment: ProcessInfo.processInfo.environment,
                                        logger: logger)
            } catch {
                logger.critical("cannot start", metadata: ["error": "\(error)"])
                throw ExitCode(1)
            }
            do { try await agent.run() } catch {
                logger.critical("stopped on an error", metadata: ["error": "\(error)"])
                throw ExitCode(1)
            }
        }
    }

    struct Pair: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Ask the running agent for a one-time pairing code for a new viewer.")

        @OptionGroup var options: ConfigurationOptions
        @Flag(help: "Print JSON instead of text.") var json = false

        func run() async throws {
            let issued: AdminIssuedPairingCode
            do { issued = try await options.adminClient().issuePairingCode() } catch {
                throw fail("cannot get a pairing code from the running agent: \(error)")
            }
            if json {
                try printJSON(issued)
                return
            }
            print("""
                Pairing code: \(issued.code)   (valid \(issued.expiresInSeconds) s, single use)
                Camera URL:   \(issued.cameraURL)
                Fingerprint:  \(issued.fingerprint)

                On the viewer: viewer-agent pair \(issued.cameraURL) \(issued.code) --fingerprint \(issued.fingerprint)
                """)
        }
    }

    struct Devices: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List or revoke paired viewers.", subcommands: [List.self, Revoke.self], defaultSubcommand: List.self)

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List paired devices (tokens are never shown).")
            @OptionGroup var options: ConfigurationOptions
            @Flag(help: "Print JSON instead of a table.") var json = false

            func run() async throws {
                let devices: [AdminDeviceSummary]
                do { devices = try await options.adminClient().listDevices() } catch {
                    throw fail("cannot list devices: \(error)")
                }
                if json {
                    try printJSON(devices)
                    return
                }
                print("ID                          ROLE    TOKEN     STATUS   PAIRED                NAME")
                let formatter = ISO8601DateFormatter()
                for device in devices {
                    print([device.id, device.role.padding(toLength: 7, withPad: " ", startingAt: 0),
                           device.tokenFingerprint.padding(toLength: 9, withPad: " ", startingAt: 0),
                           (device.revoked ? "revoked" : "active").padding(toLength: 8, withPad: " ", startingAt: 0),
                           formatter.string(from: device.pairedAt).padding(toLength: 21, withPad: " ", startingAt: 0),
                           device.name].joined(separator: " "))
                }
            }
        }

        struct Revoke: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Revoke a paired viewer: its token stops working and its live sessions end at once.")
            @OptionGroup var options: ConfigurationOptions
            @Argument(help: "The device id (camera-agent devices list).") var id: String

            func run() async throws {
                guard let device = try? DeviceID(parsing: id) else {
                    throw ValidationError("\(id) is not a device id (26 Crockford base32 symbols)")
                }
                let known: Bool
                do { known = try await options.adminClient().revokeDevice(device) } catch {
                    throw fail("cannot revoke: \(error)")
                }
                guard known else { throw fail("no paired device \(id)") }
                print("revoked \(id)")
            }
        }
    }

    struct Sessions: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List live sessions and recently ended ones (signaling and WHEP).")
        @OptionGroup var options: ConfigurationOptions
        @Flag(help: "Print JSON instead of a table.") var json = false

        func run() async throws {
            let sessions: [CameraSessionSummary]
            do { sessions = try await options.adminClient().listSessions() } catch {
                throw fail("cannot list sessions: \(error)")
            }
            if json {
                try printJSON(CameraSessionList(sessions: sessions))
                return
            }
            print("SESSION                     TRANSPORT  STATE      REASON       STARTED               VIEWER")
            let formatter = ISO8601DateFormatter()
            for session in sessions {
                print([session.id.rawValue, session.transport.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0),
                       session.state.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0),
                       (session.endReason ?? "-").padding(toLength: 12, withPad: " ", startingAt: 0),
                       formatter.string(from: session.startedAt).padding(toLength: 21, withPad: " ", startingAt: 0),
                       "\(session.viewerName) (\(session.viewerID))"].joined(separator: " "))
            }
        }
    }

    struct Probe: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List capture devices and the formats they offer.")
        @Flag(help: "Print JSON instead of text.") var json = false

        func run() throws {
            let report = CaptureDeviceReport.probe()
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
                print(String(decoding: try encoder.encode(report), as: UTF8.self))
            } else {
                print(report)
            }
        }
    }
}
