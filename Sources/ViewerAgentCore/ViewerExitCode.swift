/// The exit status of every `viewer-agent` command, so scripts can tell why it stopped.
///
/// The numbers follow BSD `sysexits.h` where one fits, and `64` is also what
/// swift-argument-parser uses for a command line it cannot parse:
///
/// | code | meaning |
/// |------|---------|
/// | 0  | success: media arrived and the watch ran to `--duration`, Ctrl-C or SIGTERM with outputs finalised (also when the camera was lost and being rejoined at that moment); other commands: done |
/// | 64 | usage or configuration error: bad flags, unreadable config, malformed paired-cameras file, unknown camera, output that cannot be opened |
/// | 69 | camera (or WHEP server) unreachable before any media arrived: no connection, TLS failure (once media has flowed, a lost camera is retried until `--duration` or a signal) |
/// | 76 | stream failure: the camera refused or ended the stream (busy, error), ICE/DTLS could not connect, media never arrived (also when stopped before it did), a WHEP 4xx/5xx other than 401/403 |
/// | 77 | authorization failure: 401/403, revoked or unknown token, pinned certificate mismatch, pairing code refused or expired; never retried |
public enum ViewerExitCode: Int32, Sendable, CaseIterable, Codable {
    case success = 0
    case usage = 64
    case unreachable = 69
    case streamFailure = 76
    case unauthorized = 77

    /// The text `viewer-agent --help` shows.
    public static let helpText = """
        Exit codes: 0 success (media arrived; also after Ctrl-C/SIGTERM, outputs finalised), \
        64 usage or configuration error, 69 camera or WHEP server unreachable, \
        76 stream failure (refused, ICE/DTLS failed, no media before the end), 77 authorization failure \
        (401/403, revoked token, certificate mismatch, pairing code refused).
        """
}
