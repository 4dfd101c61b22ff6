import Foundation
import TestSupport

/// aioice (aiortc's ICE layer, from the venv `scripts/bootstrap` makes) run as a child
/// process, signaling over line-delimited JSON on its stdin/stdout through
/// `JSONLinesPeerProcess`. Its messages carry no `"type"`: each is one of
/// `ufrag`+`pwd`, `candidate`, `end`, `connected`, `received`.
final class AioicePeer: Sendable {
    static var isAvailable: Bool { JSONLinesPeerProcess.pythonExists }

    /// aioice's messages with every value as text; ends when aioice closes stdout or
    /// writes a line that is not a JSON object.
    var messages: Messages { Messages(process: process) }
    private let process: JSONLinesPeerProcess

    init(role: String) throws {
        process = try JSONLinesPeerProcess(script: "Tests/ICETests/Interop/aioice_peer.py", arguments: [role])
    }

    func send(_ message: [String: String]) throws {
        try process.send(message)
    }

    /// Closes aioice's stdin (its cue to close the connection) and waits for it to exit.
    func finish() async {
        await process.stop()
    }

    struct Messages: AsyncSequence {
        let process: JSONLinesPeerProcess

        func makeAsyncIterator() -> Iterator { Iterator(process: process) }

        struct Iterator: AsyncIteratorProtocol {
            let process: JSONLinesPeerProcess

            mutating func next() async -> [String: String]? {
                guard let message = try? await process.nextMessage() else { return nil }
                return message.mapValues { "\($0)" }
            }
        }
    }
}
