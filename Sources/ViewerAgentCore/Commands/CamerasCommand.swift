import ArgumentParser
import Foundation

/// `viewer-agent cameras`: the paired cameras, never their tokens (only the token's
/// fingerprint, as the camera's device list shows it).
struct CamerasCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cameras", abstract: "List paired cameras.",
                                                    discussion: ViewerExitCode.helpText)

    @OptionGroup var common: CommonOptions

    func run() async throws {
        do throws(ViewerFailure) {
            print(try listing(environment: ProcessInfo.processInfo.environment), terminator: "")
        } catch {
            throw CommandExit.fail(error)
        }
    }

    /// The text `cameras` prints.
    func listing(environment: [String: String]) throws(ViewerFailure) -> String {
        let configuration = try common.resolve(environment: environment)
        let cameras: [StoredCamera]
        do { cameras = try PairedCameraStore(directory: configuration.configDirectory).load() } catch {
            throw .usage(error.description)
        }
        guard !cameras.isEmpty else { return "No paired cameras (viewer-agent pair URL CODE).\n" }
        let formatter = ISO8601DateFormatter()
        return cameras.map { camera in
            let isDefault = configuration.defaultCamera.map { $0 == camera.cameraName || $0 == camera.cameraID.rawValue } ?? false
            return """
                \(camera.cameraName)\(isDefault ? " (default)" : "")
                  id           \(camera.cameraID)
                  url          \(camera.url)
                  certificate  \(camera.fingerprint)
                  this viewer  \(camera.deviceName) (\(camera.deviceID))
                  token        sha256:\(camera.tokenFingerprint)…
                  paired       \(formatter.string(from: camera.pairedAt))

                """
        }.joined()
    }
}
