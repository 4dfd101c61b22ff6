import ArgumentParser
import Foundation
import PeerCamCore
import Signaling

/// `viewer-agent pair URL CODE`: exchanges a one-time code for a bearer token and stores the
/// camera with the certificate fingerprint it presented (`docs/protocol.md` §2.2).
struct PairCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pair", abstract: "Pair with a camera using the code `camera-agent pair` printed.",
        discussion: "Stores the camera and this viewer's token in <config-dir>/cameras.json (mode 0600).\n"
            + ViewerExitCode.helpText)

    @Argument(help: "The camera's URL, https://host:port.")
    var url: String

    @Argument(help: "The pairing code, e.g. 7K3Q-M9XD.")
    var code: String

    @Option(help: "How the camera lists this viewer (default: viewer on <hostname>).")
    var name: String?

    @Option(help: "The certificate fingerprint `camera-agent pair` printed (AB:CD:…); without it the first certificate seen is trusted.")
    var fingerprint: String?

    @OptionGroup var common: CommonOptions

    func run() async throws {
        do throws(ViewerFailure) {
            let stored = try await execute(environment: ProcessInfo.processInfo.environment)
            print("Paired with camera '\(stored.cameraName)' (\(stored.cameraID)) at \(stored.url)")
            print("  certificate SHA-256 \(stored.fingerprint)")
            print("  this viewer: \(stored.deviceName) (\(stored.deviceID)), token sha256:\(stored.tokenFingerprint)…")
        } catch {
            throw CommandExit.fail(error)
        }
    }

    /// Pairs and stores; returns what was stored.
    func execute(environment: [String: String]) async throws(ViewerFailure) -> StoredCamera {
        let configuration = try common.resolve(environment: environment)
        let endpoint: SignalingEndpoint
        do { endpoint = try SignalingEndpoint(url: url) } catch {
            throw .usage("\(url): a camera URL is https://host:port (\(error))")
        }
        var pinned: CertificateFingerprint?
        if let fingerprint {
            do { pinned = try CertificateFingerprint(parsing: fingerprint) } catch {
                throw .usage("--fingerprint: not a SHA-256 fingerprint of 32 hex pairs (\(error))")
            }
        }
        let deviceName = name ?? "viewer on \(ProcessInfo.processInfo.hostName)".prefix(64).description
        do { try DeviceIdentity.validate(name: deviceName) } catch { throw .usage("--name: \(error)") }
        let paired: PairedCamera
        do {
            paired = try await SignalingClient.pair(with: endpoint, code: code, name: deviceName, fingerprint: pinned)
        } catch {
            throw Self.failure(error, endpoint: endpoint)
        }
        let stored = StoredCamera(paired: paired, url: endpoint.description)
        do { try PairedCameraStore(directory: configuration.configDirectory).save(stored) } catch {
            throw .usage(error.description)
        }
        CommonOptions.logger(configuration).info("paired", metadata: [
            "camera": "\(stored.cameraID)", "token": "sha256:\(stored.tokenFingerprint)"])
        return stored
    }

    /// Pairing refusals (§2.2): a malformed code is a usage error; an unknown, expired, used
    /// or locked-out code is refused authorization; no answer means unreachable.
    static func failure(_ error: SignalingClientError, endpoint: SignalingEndpoint) -> ViewerFailure {
        switch error {
        case .refused(400, let code, let message):
            return .usage("pairing with \(endpoint) refused: \(code) \(message)")
        case .refused(let status, let code, let message) where (401...499).contains(status):
            let hint = switch code {
            case "expired-code", "code-used": " (ask the camera's operator for a new code)"
            case "locked-out", "rate-limited": " (too many attempts; wait, then get a new code)"
            default: ""
            }
            return .unauthorized("pairing with \(endpoint) refused: HTTP \(status) \(code) \(message)\(hint)")
        default:
            return ViewerFailure(error, while: "pairing with \(endpoint)")
        }
    }
}
