import ArgumentParser
import Foundation
import Media
import PeerCamConfig
import Signaling
import Testing
@testable import ViewerAgentCore

/// `viewer-agent watch` command lines: what parses, what is refused, and the watch
/// configuration a valid one becomes.
@Suite("watch: argument parsing")
struct WatchArgumentsTests {
    static func parse(_ arguments: [String]) throws -> WatchCommand {
        let command = try ViewerAgentCommand.parseAsRoot(["watch"] + arguments)
        return try #require(command as? WatchCommand)
    }

    @Test("Refused command lines", arguments: [
        ["--duration", "0"],
        ["--duration", "abc"],
        ["--video-out", "-", "--audio-out", "-"],
        ["--record", "-", "--video-out", "-"],
        ["--no-audio", "--audio-out", "a.wav"],
        ["Kitchen", "--whep", "http://127.0.0.1:1/whep/main"],
        ["--token", "abc"],
        ["--status-line", "sometimes"],
        ["--connect-timeout", "0"],
        ["--unknown-flag"],
    ])
    func refused(arguments: [String]) {
        #expect(throws: (any Error).self) { try Self.parse(arguments) }
    }

    @Test("A full WHEP command line becomes the watch configuration it says")
    func whepConfiguration() throws {
        let directory = NSTemporaryDirectory() + "viewer-args-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let command = try Self.parse([
            "--whep", "http://127.0.0.1:8889/whep/main?x=1", "--token", "T0K", "--duration", "2.5", "--video-out", "-",
            "--audio-out", "a.wav", "--record", "/tmp/r.mkv", "--stats-json", "s.json", "--status-line", "never",
            "--config-dir", directory,
        ])
        let configuration = try command.common.resolve(environment: [:])
        var overridden = configuration
        overridden.output.directory = directory
        let watch = try command.watchConfiguration(overridden, environment: [:])
        guard case .whep(let endpoint) = watch.source else { Issue.record("not a WHEP source"); return }
        #expect(endpoint.host == "127.0.0.1" && endpoint.port == 8889 && endpoint.target == "/whep/main?x=1")
        #expect(endpoint.token == "T0K" && endpoint.security == .plain)
        #expect(watch.duration == .milliseconds(2500))
        #expect(watch.statusLine == false)
        #expect(watch.audio)
        #expect(watch.statisticsPath == directory + "/s.json")
        #expect(watch.iceAddresses == .only(["127.0.0.1"]), "a loopback server is reached from loopback")
        if case .standardOutput = watch.outputs.video {} else { Issue.record("video is not stdout") }
        if case .file(let path) = watch.outputs.audio { #expect(path == directory + "/a.wav") } else { Issue.record("audio") }
        if case .file(let path) = watch.outputs.recording { #expect(path == "/tmp/r.mkv") } else { Issue.record("recording") }
    }

    @Test("The WHEP token may come from PEERCAM_WHEP_TOKEN; outputs in a missing directory are usage errors")
    func environmentTokenAndMissingDirectory() throws {
        let command = try Self.parse(["--whep", "http://localhost:1/whep/main", "--config-dir", "/nonexistent-peercam"])
        let configuration = ViewerAgentConfiguration(configDirectory: "/nonexistent-peercam")
        let watch = try command.watchConfiguration(configuration, environment: ["PEERCAM_WHEP_TOKEN": "from-env"])
        guard case .whep(let endpoint) = watch.source else { Issue.record("not WHEP"); return }
        #expect(endpoint.token == "from-env")
        let bad = try Self.parse(["--whep", "http://localhost:1/w", "--video-out", "/nonexistent-dir/v.y4m"])
        #expect(throws: ViewerFailure.self) { try bad.watchConfiguration(configuration, environment: [:]) }
    }

    @Test("Without --whep the camera comes from the store; none paired is a usage error naming the directory")
    func pairedCameraSource() throws {
        let directory = NSTemporaryDirectory() + "viewer-args-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let command = try Self.parse(["--config-dir", directory])
        let configuration = ViewerAgentConfiguration(configDirectory: directory)
        do {
            _ = try command.watchConfiguration(configuration, environment: [:])
            Issue.record("watched without a paired camera")
        } catch {
            #expect(error.exitCode == .usage)
            #expect(error.description.contains(directory))
        }
        let stored = try PairedCameraStoreTests.camera(name: "Porch", seed: 11)
        try PairedCameraStore(directory: directory).save(stored)
        let watch = try command.watchConfiguration(configuration, environment: [:])
        guard case .camera(let camera) = watch.source else { Issue.record("not a camera"); return }
        #expect(camera.camera.id == stored.cameraID)
        #expect(camera.fingerprint == stored.fingerprint)
        #expect(camera.endpoint.port == 8443)
    }

    @Test("cameras lists names, ids and token fingerprints but never a token; token prints it; unpair removes by name")
    func camerasAndUnpair() throws {
        let directory = NSTemporaryDirectory() + "viewer-args-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let stored = try PairedCameraStoreTests.camera(name: "Porch", seed: 12)
        try PairedCameraStore(directory: directory).save(stored)
        let cameras = try #require(try ViewerAgentCommand.parseAsRoot(["cameras", "--config-dir", directory]) as? CamerasCommand)
        let listing = try cameras.listing(environment: [:])
        #expect(listing.contains("Porch") && listing.contains(stored.cameraID.rawValue))
        #expect(listing.contains(stored.tokenFingerprint))
        #expect(!listing.contains(stored.token.wireText))
        let token = try #require(try ViewerAgentCommand.parseAsRoot(["token", "Porch", "--config-dir", directory]) as? TokenCommand)
        #expect(try token.token(environment: [:]) == stored.token.wireText, "only `token` prints the token")
        let unpair = try #require(try ViewerAgentCommand.parseAsRoot(["unpair", "porch", "--config-dir", directory]) as? UnpairCommand)
        #expect(try unpair.execute(environment: [:]).cameraID == stored.cameraID)
        #expect(try cameras.listing(environment: [:]).contains("No paired cameras"))
        #expect(throws: ViewerFailure.self) { try unpair.execute(environment: [:]) }
        #expect(throws: ViewerFailure.self) { try token.token(environment: [:]) }
    }
}
