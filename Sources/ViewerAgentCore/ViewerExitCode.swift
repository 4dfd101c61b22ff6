/// The exit status of every `viewer-agent` command, so scripts can tell why it stopped.
///
/// The numbers follow BSD `sysexits.h` where one fits, and `64` is also what
/// swift-argument-parser uses for a command line it cannot parse:
///
/// | code | meaning |
/// |------|---------|
/// | 0  | success: the watch ran to `--duration`, Ctrl-C or SIGTERM with outputs finalised, or the command did what it says |
/// | 64 | usage or configuration error: bad flags, unreadable config, malformed paired-cameras file, unknown camera, output that cannot be opened |
/// | 69 | camera (or WHEP server) unreachable: no connection, TLS failure, the camera gone and not back before the watch ended |
/// | 76 | stream failure: the camera refused or ended the stream (busy, error), ICE/DTLS could not connect, media never arrived, a WHEP 4xx/5xx other than 401/403 |
/// | 77 | authorization failure: 401/403, revoked or unknown token, pinned certificate mismatch, pairing code refused or expired; never retried |
public enum ViewerExitCode: Int32, Sendable, CaseIterable, Codable {
    case success = 0
    case usage = 64
    case unreachable = 69
    case streamFailure = 76
    case unauthorized = 77

    /// The text `viewer-agent --help` shows.
    public static let helpText = """
        Exit codes: 0 success (also after Ctrl-C/SIGTERM with outputs finalised), \
        64 usage or configuration error, 69 camera or WHEP server unreachable, \
        76 stream failure (refused, ICE/DTLS failed, no media), 77 authorization failure \
        (401/403, revoked token, certificate mismatch, pairing code refused).
        """
}
