import Foundation
import Signaling
import TestSupport

/// What the WHEP tests need of a running camera beyond `AgentProcess`: a viewer token paired
/// under a name the session list can be checked against, the URLs a browser or
/// `viewer-agent watch --whep` is given, and the admin socket's session list.
extension AgentProcess {
    /// `https://127.0.0.1:PORT/whep/main`: the camera's default stream (`docs/protocol.md` §10.1).
    var whepURL: String { "https://127.0.0.1:\(port)/whep/main" }

    /// `https://127.0.0.1:PORT/player`: the page the camera serves (§11).
    var playerURL: String { "https://127.0.0.1:\(port)/player" }

    /// Pairs a viewer in this process under `name`, pinned to the fingerprint that
    /// `camera-agent pair` printed (as a person copying it would), so its token is one a
    /// browser or a WHEP client can be handed.
    func pairViewer(name: String) async throws -> PairedCamera {
        let issued = try await issuePairingCode()
        return try await SignalingClient.pair(with: try SignalingEndpoint(url: issued.cameraURL), code: issued.code,
                                              name: name, fingerprint: try CertificateFingerprint(parsing: issued.fingerprint))
    }

    /// `camera-agent sessions --json` over the admin socket: every live session and those that
    /// ended recently, oldest first.
    func sessions() async throws -> [CameraSessionSummary] {
        let outcome = try await ProcessRun.run(executable: Self.executable, arguments: [
            "sessions", "--json", "--config", "/dev/null", "--admin-socket", adminSocket])
        guard outcome.succeeded else { throw SessionsUnavailable(errorOutput: outcome.errorOutput) }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(CameraSessionList.self, from: outcome.stdout).sessions
    }

    /// The sessions of the viewer paired as `name`.
    func sessions(of name: String) async throws -> [CameraSessionSummary] {
        try await sessions().filter { $0.viewerName == name }
    }

    /// `camera-agent sessions` exited with an error (what it printed).
    struct SessionsUnavailable: Error { var errorOutput: String }
}
