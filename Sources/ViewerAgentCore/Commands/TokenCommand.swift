import ArgumentParser
import Foundation

/// `viewer-agent token CAMERA`: prints the stored bearer token, for the one place that needs
/// it by hand — the camera's web player (`/player`) or another WHEP client. Only on this
/// explicit request: `cameras` and the logs show the token's fingerprint, never the token.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Print a paired camera's bearer token (for its web player or a WHEP client).",
        discussion: "Anyone holding the token can watch the camera: paste it, do not share it. "
            + "Revoke it on the camera with `camera-agent devices revoke`.\n" + ViewerExitCode.helpText)

    @Argument(help: "The camera's name or id (default: default_camera, or the only paired camera).")
    var camera: String?

    @OptionGroup var common: CommonOptions

    func run() async throws {
        do throws(ViewerFailure) {
            print(try token(environment: ProcessInfo.processInfo.environment))
        } catch {
            throw CommandExit.fail(error)
        }
    }

    func token(environment: [String: String]) throws(ViewerFailure) -> String {
        let configuration = try common.resolve(environment: environment)
        do {
            return try PairedCameraStore(directory: configuration.configDirectory)
                .camera(camera ?? configuration.defaultCamera).token.wireText
        } catch {
            throw .usage(error.description)
        }
    }
}
