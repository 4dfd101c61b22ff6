import Foundation
import NIOHTTP1
import Testing
@testable import Signaling
#if canImport(Glibc)
import Glibc
#endif

@Suite struct SingleRequestHTTPClientTests {
    /// A listener that completes connections (kernel backlog) but never answers.
    private func silentUnixListener(at path: String) throws -> Int32 {
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            buffer.copyBytes(from: Array(path.utf8) + [0])
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        #expect(bound == 0)
        #expect(listen(descriptor, 4) == 0)
        return descriptor
    }

    @Test(.timeLimit(.minutes(1))) func aServerThatNeverAnswersIsGivenUpOnAtTheDeadline() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("silent-\(UUID().uuidString).sock").path
        let descriptor = try silentUnixListener(at: path)
        defer {
            close(descriptor)
            unlink(path)
        }
        let started = ContinuousClock.now
        await #expect(throws: SignalingClientError.self) {
            _ = try await SingleRequestHTTPClient.send(.GET, "/devices", timeout: .milliseconds(200),
                                                       over: .unixSocket(path: path))
        }
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test func aMissingAdminSocketIsATransportError() async throws {
        let client = SignalingAdminClient(socketPath: "/nonexistent/peercam/admin.sock")
        await #expect(throws: SignalingClientError.self) { _ = try await client.listDevices() }
    }
}
