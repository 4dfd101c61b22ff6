import ArgumentParser

/// `viewer-agent`: pair with cameras, list and forget them, and watch a stream.
///
/// Exit codes are those of ``ViewerExitCode`` (0, 64, 69, 76, 77), shown in `--help`.
public struct ViewerAgentCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "viewer-agent",
        abstract: "Watch, record or decode a PeerCam camera (or any WHEP server).",
        discussion: ViewerExitCode.helpText,
        subcommands: [PairCommand.self, CamerasCommand.self, UnpairCommand.self, TokenCommand.self, WatchCommand.self])

    public init() {}
}
