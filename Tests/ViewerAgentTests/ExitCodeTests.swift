import ArgumentParser
import PeerCamCore
import Signaling
import Testing
@testable import ViewerAgentCore

/// Every way a command can fail maps to one documented exit code, and only the failures that
/// a retry can fix are retried.
@Suite("Exit codes and retry decisions")
struct ExitCodeTests {
    static let fingerprint = CertificateFingerprint(derCertificate: [1, 2, 3])

    @Test("Signaling client errors: 401/403 and a pin mismatch are authorization, other refusals stream failures, no answer unreachable",
          arguments: [
              (SignalingClientError.refused(status: 401, code: "revoked-token", message: "revoked"), ViewerExitCode.unauthorized),
              (.refused(status: 403, code: "forbidden", message: ""), .unauthorized),
              (.certificateFingerprintMismatch(expected: fingerprint, presented: nil), .unauthorized),
              (.refused(status: 404, code: "not-found", message: ""), .streamFailure),
              (.refused(status: 503, code: "busy", message: ""), .streamFailure),
              (.malformedResponse("garbage"), .streamFailure),
              (.transport("connection refused"), .unreachable),
          ])
    func signalingErrors(error: SignalingClientError, expected: ViewerExitCode) {
        let failure = ViewerFailure(error, while: "testing")
        #expect(failure.exitCode == expected)
        #expect(failure.isRetryable == (expected != .unauthorized))
    }

    @Test("Pairing refusals (docs/protocol.md §2.2): malformed code is usage, refused/expired/used/locked codes authorization",
          arguments: [
              (400, "malformed-code", ViewerExitCode.usage),
              (403, "unknown-code", .unauthorized),
              (410, "expired-code", .unauthorized),
              (410, "code-used", .unauthorized),
              (429, "locked-out", .unauthorized),
              (500, "internal", .streamFailure),
          ])
    func pairingRefusals(status: Int, code: String, expected: ViewerExitCode) throws {
        let endpoint = try SignalingEndpoint(url: "https://127.0.0.1:8443")
        let failure = PairCommand.failure(.refused(status: status, code: code, message: "m"), endpoint: endpoint)
        #expect(failure.exitCode == expected)
        #expect(failure.description.contains(code))
    }

    @Test("Session end reasons: which end the watch with which code, and which are retried", arguments: [
        (SessionEndReason.cameraGone, ViewerExitCode.unreachable, true),
        (.shutdown, .unreachable, true),
        (.iceFailed, .streamFailure, true),
        (.timeout, .streamFailure, true),
        (.unauthorized, .unauthorized, false),
        (.revoked, .unauthorized, false),
        (.busy, .streamFailure, false),
        (.viewerGone, .streamFailure, false),
        (.error("boom"), .streamFailure, false),
    ])
    func endReasons(reason: SessionEndReason, code: ViewerExitCode, retried: Bool) {
        let outcome = WatchSessionOutcome.ended(reason, reachedActive: true, stoppedBy: nil)
        #expect(outcome.failure?.exitCode == code)
        #expect(outcome.retryable == retried)
    }

    @Test("A hang-up the user asked for is no failure; one nobody asked for is")
    func hangup() {
        #expect(WatchSessionOutcome.ended(.hangup, reachedActive: true, stoppedBy: .interrupted).failure == nil)
        #expect(WatchSessionOutcome.ended(.hangup, reachedActive: true, stoppedBy: nil).failure?.exitCode == .streamFailure)
    }

    @Test("The codes are distinct, documented in --help, and a bad command line exits 64 like usage errors")
    func documentedAndDistinct() {
        let codes = ViewerExitCode.allCases.map(\.rawValue)
        #expect(Set(codes).count == codes.count)
        for code in codes { #expect(ViewerExitCode.helpText.contains("\(code)")) }
        let help = ViewerAgentCommand.helpMessage(for: WatchCommand.self, columns: 1000)
        #expect(help.contains("77 authorization failure"))
        #expect(ViewerAgentCommand.helpMessage(columns: 1000).contains("69 camera or WHEP server unreachable"))
        do {
            _ = try ViewerAgentCommand.parseAsRoot(["watch", "--duration", "-3"])
            Issue.record("a negative duration was accepted")
        } catch {
            #expect(ViewerAgentCommand.exitCode(for: error).rawValue == ViewerExitCode.usage.rawValue)
        }
    }
}
