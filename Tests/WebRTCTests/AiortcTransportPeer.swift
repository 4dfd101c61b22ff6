import Foundation
import SDP
import TestSupport

/// The aiortc peer process (Tests/Interop/aiortc_transport_peer.py) and its JSON-lines
/// conversation. Needs the `.venv` that `scripts/bootstrap` makes (aiortc 1.16).
///
/// The conversation itself is `JSONLinesPeerProcess`'s (lines read on their own thread, so
/// waiting for aiortc never blocks a thread the connection under test needs).
final class AiortcTransportPeer: Sendable {
    private let process: JSONLinesPeerProcess

    /// - Parameters:
    ///   - part: "offer" (aiortc offers) or "answer" (aiortc answers our offer).
    ///   - kinds: the media aiortc sends, one test track each.
    init(part: String, kinds: [SDPMediaKind]) throws {
        process = try JSONLinesPeerProcess(script: "Tests/Interop/aiortc_transport_peer.py",
                                           arguments: [part, kinds.map(\.rawValue).joined(separator: ",")])
    }

    /// The next message of `type`, skipping none: anything else first is a protocol error.
    func next(_ type: String) async throws -> [String: Any] {
        try await process.next(type)
    }

    func send(_ message: [String: Any]) throws {
        try process.send(message)
    }

    /// Asks aiortc for its view of the connection (see `stats` in the script).
    func stats() async throws -> [String: Any] {
        try send(["type": "stats"])
        return try await next("stats")
    }

    /// Closes aiortc's connection and waits for the process (killed after 10 s).
    func stop() async {
        await process.stop()
    }
}
