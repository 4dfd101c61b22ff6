import Foundation
import Testing
@testable import PeerCamConfig

/// The files in config/ are what operators copy; they must parse and state
/// exactly the built-in defaults, so the examples cannot drift from the code.
@Suite struct ShippedExampleTests {
    static let configDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("config")

    @Test("config/camera-agent.toml parses and equals the defaults")
    func cameraExample() throws {
        let path = Self.configDirectory.appendingPathComponent("camera-agent.toml").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(try CameraAgentConfiguration.parse(toml: text, path: path) == CameraAgentConfiguration())
        // Through the real file loader too, as the agent will read it.
        let resolved = try CameraAgentConfiguration.resolve(environment: ["PEERCAM_CONFIG": path])
        #expect(resolved == CameraAgentConfiguration())
    }

    @Test("config/viewer-agent.toml parses and equals the defaults")
    func viewerExample() throws {
        let path = Self.configDirectory.appendingPathComponent("viewer-agent.toml").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let parsed = try ViewerAgentConfiguration.parse(toml: text, path: path, configDirectory: "/home/x/.config/peercam")
        #expect(parsed == ViewerAgentConfiguration(configDirectory: "/home/x/.config/peercam"))
    }

    @Test("Every camera option appears in the example with its environment variable")
    func cameraExampleDocumentsEveryOption() throws {
        let text = try String(contentsOfFile: Self.configDirectory.appendingPathComponent("camera-agent.toml").path,
                              encoding: .utf8)
        let locator = TOMLKeyLineLocator(text: text)
        for option in CameraAgentConfiguration.options {
            #expect(locator.line(of: option.key) > 1, "\(option.key) missing from config/camera-agent.toml")
            if let variable = option.environmentVariable {
                #expect(text.contains(variable), "\(variable) not documented in config/camera-agent.toml")
            }
        }
    }

    @Test("Every viewer option and variable is documented in the example")
    func viewerExampleDocumentsEveryOption() throws {
        let text = try String(contentsOfFile: Self.configDirectory.appendingPathComponent("viewer-agent.toml").path,
                              encoding: .utf8)
        for option in ViewerAgentConfiguration.options {
            let leaf = String(option.key.split(separator: ".").last ?? "")
            #expect(text.contains(leaf + " ="), "\(option.key) missing from config/viewer-agent.toml")
            if let variable = option.environmentVariable {
                #expect(text.contains(variable), "\(variable) not documented in config/viewer-agent.toml")
            }
        }
    }

    @Test("The built-in defaults expose nothing: loopback listener, no ICE servers")
    func defaults() {
        let camera = CameraAgentConfiguration()
        #expect(camera.listen == HostPort(host: "127.0.0.1", port: 8443))
        #expect(camera.stateDirectory == "/var/lib/peercam")
        #expect(camera.adminSocket == "/run/peercam/admin.sock")
        #expect(camera.ice.servers.isEmpty)
        #expect(camera.ice.includeLoopback == false)
        #expect(camera.viewers.maxPerStream == 8)
        #expect(camera.viewers.maxTotal == 32)
        #expect(camera.video.size == VideoSize(width: 1280, height: 720))
        #expect(camera.video.framesPerSecond == 30)
        #expect(camera.audio.device == .none)
        #expect(camera.pairing.codeLifetimeSeconds == 300)
        #expect(camera.pairing.maxAttempts == 5)
        let viewer = ViewerAgentConfiguration(configDirectory: "/c")
        #expect(viewer.reconnect.initialDelayMilliseconds == 500)
        #expect(viewer.reconnect.maxDelayMilliseconds == 30_000)
        #expect(viewer.defaultCamera == nil)
    }
}
