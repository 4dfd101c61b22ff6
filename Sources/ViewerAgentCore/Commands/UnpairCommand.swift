import ArgumentParser
import Foundation

/// `viewer-agent unpair CAMERA`: forgets a camera here. The camera keeps the token until its
/// operator revokes it (`camera-agent devices revoke`).
struct UnpairCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unpair", abstract: "Forget a paired camera (by name or id).",
        discussion: "Removes the camera and its token from this viewer; revoke it on the camera too.\n" + ViewerExitCode.helpText)

    @Argument(help: "The camera's name or id, as `viewer-agent cameras` shows it.")
    var camera: String

    @OptionGroup var common: CommonOptions

    func run() async throws {
        do throws(ViewerFailure) {
            let removed = try execute(environment: ProcessInfo.processInfo.environment)
            print("Forgot camera '\(removed.cameraName)' (\(removed.cameraID)); its operator can revoke token sha256:\(removed.tokenFingerprint)…")
        } catch {
            throw CommandExit.fail(error)
        }
    }

    func execute(environment: [String: String]) throws(ViewerFailure) -> StoredCamera {
        let configuration = try common.resolve(environment: environment)
        do { return try PairedCameraStore(directory: configuration.configDirectory).remove(camera) } catch {
            throw .usage(error.description)
        }
    }
}
