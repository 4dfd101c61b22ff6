import DTLS
import Foundation
import Testing
import WebRTC

extension WebRTCSerializedTests {
    /// Opening, connecting and closing must give back every thread (ICE loop threads,
    /// tasks' threads settle in the pool) and every descriptor (sockets, GLib wake-up fds).
    @Suite struct PeerConnectionLifecycleTests {
        @Test("100 open/connect/close cycles leak no thread and no file descriptor", .timeLimit(.minutes(3)))
        func noLeaksAfterHundredCycles() async throws {
            let certificate = try #require(TestCertificate.shared)
            // Warm-up: the first cycle creates process-wide things (the concurrency pool's
            // threads, OpenSSL and libsrtp globals) that stay by design.
            try await connectAndClose(certificate)
            try await connectAndClose(certificate)
            let threadsBefore = Self.count("/proc/self/task")
            let descriptorsBefore = Self.count("/proc/self/fd")
            for _ in 0..<100 {
                try await connectAndClose(certificate)
            }
            // close() joins each ICE loop thread; a joined thread can linger in /proc a moment.
            _ = await eventually(within: .seconds(5)) {
                Self.count("/proc/self/task") <= threadsBefore && Self.count("/proc/self/fd") <= descriptorsBefore
            }
            let threadsAfter = Self.count("/proc/self/task"), descriptorsAfter = Self.count("/proc/self/fd")
            // A leak of one thread or socket per connection would add 200; the slack of 4 is
            // for other suites of this test process that may run meanwhile.
            #expect(threadsAfter <= threadsBefore + 4, "threads \(threadsBefore) → \(threadsAfter)")
            #expect(descriptorsAfter <= descriptorsBefore + 4, "fds \(descriptorsBefore) → \(descriptorsAfter)")
        }

        @Test("closing before negotiation, after the offer only, and twice is clean")
        func closeAtEveryStage() async throws {
            let certificate = try #require(TestCertificate.shared)
            let untouched = PeerConnection(configuration: .loopback(certificate: certificate))
            untouched.close()
            #expect(untouched.connectionState == .closed)
            #expect(throws: PeerConnectionSignalingError.closed) { try untouched.addTransceiver(.video, direction: .sendonly) }

            let offering = PeerConnection(configuration: .loopback(certificate: certificate))
            try offering.addTransceiver(.video, direction: .sendonly)
            _ = try offering.createOffer()
            let states = StateRecorder(offering)
            offering.close()
            offering.close()
            await states.finished()
            #expect(states.all == [.closed])
            // The candidate stream ends too, so a trickle relay does not hang.
            for await _ in offering.localCandidates {}
        }

        private func connectAndClose(_ certificate: DTLSCertificate) async throws {
            let pair = try PeerConnectionLoopbackPair(
                offering: [(.video, .sendonly)], answering: [(.video, .recvonly)], certificate: certificate)
            try pair.negotiate()
            let connected = await eventually(within: .seconds(10)) { pair.bothConnected }
            pair.close()
            await pair.relaysFinished()
            try #require(connected)
        }

        static func count(_ directory: String) -> Int {
            (try? FileManager.default.contentsOfDirectory(atPath: directory).count) ?? -1
        }
    }
}
