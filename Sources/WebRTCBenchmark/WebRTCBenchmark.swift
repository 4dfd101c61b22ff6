import DTLS
import WebRTC

/// Prints how long two PeerConnections in one process take on loopback from `createOffer` to
/// both sides `.connected` (ICE checks, DTLS handshake, SRTP keys), median and p90 over N runs.
/// Usage: `webrtc-benchmark [runs]` (default 30). A figure, not a test: nothing is asserted.
@main
enum WebRTCBenchmark {
    static func main() async throws {
        let runs = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 30
        // Made once, as an agent does: certificate generation is not connection set-up.
        let certificate = try DTLSCertificate.generate()
        var samples: [Duration] = []
        var failures = 0
        for _ in 0..<runs {
            if let elapsed = try await connectOnce(certificate) { samples.append(elapsed) } else { failures += 1 }
        }
        samples.sort()
        guard !samples.isEmpty else {
            print("webrtc-benchmark: no run connected (\(failures) failed)")
            return
        }
        func milliseconds(_ duration: Duration) -> String {
            let (seconds, attoseconds) = duration.components
            let value = Double(seconds) * 1000 + Double(attoseconds) / 1e15
            return String(Int((value * 10).rounded())).paddedTenths + " ms"
        }
        let median = samples[samples.count / 2]
        let p90 = samples[min(samples.count - 1, (samples.count * 9) / 10)]
        print("loopback offer → connected (ICE + DTLS + SRTP), \(samples.count) runs, \(failures) failed")
        print("  median \(milliseconds(median))  p90 \(milliseconds(p90))  min \(milliseconds(samples[0]))  max \(milliseconds(samples[samples.count - 1]))")
    }

    /// One offer/answer with trickle between two fresh connections; nil if it did not connect in 10 s.
    static func connectOnce(_ certificate: DTLSCertificate) async throws -> Duration? {
        let offerer = PeerConnection(configuration: .loopback(certificate: certificate))
        let answerer = PeerConnection(configuration: .loopback(certificate: certificate))
        defer {
            offerer.close()
            answerer.close()
        }
        try offerer.addTransceiver(.video, direction: .sendonly)
        try answerer.addTransceiver(.video, direction: .recvonly)
        let clock = ContinuousClock()
        let start = clock.now
        try answerer.setRemoteOffer(try offerer.createOffer())
        try offerer.setRemoteAnswer(try answerer.createAnswer())
        let relays = [offerer.trickleCandidates(to: answerer), answerer.trickleCandidates(to: offerer)]
        defer { relays.forEach { $0.cancel() } }
        let deadline = start.advanced(by: .seconds(10))
        while clock.now < deadline {
            if offerer.connectionState == .connected && answerer.connectionState == .connected {
                return clock.now - start
            }
            if offerer.connectionState.isFinished || answerer.connectionState.isFinished { return nil }
            try await Task.sleep(for: .microseconds(200))
        }
        return nil
    }
}

extension String {
    /// "1234" (tenths) → "123.4".
    fileprivate var paddedTenths: String {
        let digits = count < 2 ? String(repeating: "0", count: 2 - count) + self : self
        return digits.dropLast() + "." + digits.suffix(1)
    }
}
