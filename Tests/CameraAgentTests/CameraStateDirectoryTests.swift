@testable import CameraAgentCore
import CameraPipeline
import Foundation
import Testing

@Suite("Camera state directory")
struct CameraStateDirectoryTests {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("peercam-state-\(UUID().uuidString)").path

    @Test("first start creates identity, certificate and database with private modes; later starts reuse them")
    func createsThenReuses() throws {
        defer { try? FileManager.default.removeItem(atPath: path) }
        let first = try CameraStateDirectory.open(path: path, cameraName: "porch")
        #expect(first.identity.role == .camera)
        #expect(first.identity.name == "porch")
        #expect(try mode(path) == 0o700)
        #expect(try mode(path + "/" + CameraStateDirectory.identityFileName) == 0o600)
        #expect(try mode(path + "/signaling-key.pem") == 0o600)
        let second = try CameraStateDirectory.open(path: path, cameraName: "ignored on reuse")
        #expect(second.identity == first.identity)
        #expect(second.tlsIdentity.fingerprint == first.tlsIdentity.fingerprint)
    }

    @Test("a damaged identity file stops start-up with an error naming it")
    func damagedIdentity() throws {
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = try CameraStateDirectory.open(path: path, cameraName: "porch")
        let file = path + "/" + CameraStateDirectory.identityFileName
        try Data("{\"id\":\"nope\"".utf8).write(to: URL(fileURLWithPath: file))
        #expect {
            _ = try CameraStateDirectory.open(path: path, cameraName: "porch")
        } throws: { error in
            guard case .damagedIdentity(let named, _) = error as? CameraStateDirectoryError else { return false }
            return named == file
        }
    }

    private func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }
}

@Suite("ICE server URLs")
struct ICEServerURLTests {
    @Test(arguments: [
        ("stun:stun.example.net", "stun", "stun.example.net", nil, nil),
        ("stun:192.0.2.1:3479", "stun", "192.0.2.1", UInt16(3479), nil),
        ("turn:[2001:db8::1]:3478?transport=tcp", "turn", "2001:db8::1", UInt16(3478), "tcp"),
        ("turn:turn.example.net?transport=udp", "turn", "turn.example.net", nil, "udp"),
    ] as [(String, String, String, UInt16?, String?)])
    func parses(url: String, scheme: String, host: String, port: UInt16?, transport: String?) throws {
        let parsed = try ICEServerURL(url)
        #expect(parsed.scheme == scheme)
        #expect(parsed.host == host)
        #expect(parsed.port == port)
        #expect(parsed.transport == transport)
    }

    @Test(arguments: ["stun", "stun:", "stun:host:port", "turn:[::1]x"])
    func refusesMalformed(url: String) {
        #expect(throws: CameraICEServerError.malformed(url)) { _ = try ICEServerURL(url) }
    }
}

@Suite("Cumulative stream counters")
struct CumulativeCameraCountersTests {
    @Test("a new capture run's counters add to the previous runs' totals")
    func banksFinishedRuns() {
        var totals = CumulativeCameraCounters()
        var run = CameraPipelineCounters.make(frames: 10)
        #expect(totals.observe(run).framesEncoded == 10)
        run = CameraPipelineCounters.make(frames: 25)
        #expect(totals.observe(run).framesEncoded == 25)
        // Capture stopped and started again: counters restart at zero.
        run = CameraPipelineCounters.make(frames: 3)
        #expect(totals.observe(run).framesEncoded == 28)
        #expect(totals.observe(CameraPipelineCounters.make(frames: 0)).framesEncoded == 28)
        #expect(totals.observe(CameraPipelineCounters.make(frames: 5)).framesEncoded == 33)
    }
}

enum CameraPipelineCounters {
    static func make(frames: UInt64) -> CameraStreamCounters {
        var counters = CameraStreamCounters()
        counters.framesCaptured = frames
        counters.framesEncoded = frames
        counters.videoPacketsProduced = frames * 3
        return counters
    }
}
