import Foundation
import ICE
import Synchronization
import Testing

/// aioice (aiortc's ICE layer, from the venv `scripts/bootstrap` makes) run as a child
/// process, signaling over line-delimited JSON on its stdin/stdout.
final class AioicePeer: Sendable {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Interop/aioice_peer.py").path
    static let python = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../.venv/bin/python").standardized.path
    static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: python) }

    let messages: AsyncStream<[String: String]>
    private let process: Process
    private let input: FileHandle

    init(role: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.python)
        process.arguments = [Self.script, role]
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        let (messages, continuation) = AsyncStream.makeStream(of: [String: String].self)
        // A plain thread reads the blocking pipe, keeping the cooperative pool free.
        let output = stdout.fileHandleForReading
        Thread.detachNewThread {
            var buffer = Data()
            while true {
                let chunk = output.availableData
                if chunk.isEmpty { break }
                buffer.append(chunk)
                while let newline = buffer.firstIndex(of: 0x0A) {
                    let line = buffer[buffer.startIndex..<newline]
                    buffer.removeSubrange(buffer.startIndex...newline)
                    if let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any] {
                        continuation.yield(object.mapValues { "\($0)" })
                    }
                }
            }
            continuation.finish()
        }
        try process.run()
        self.process = process
        self.input = stdin.fileHandleForWriting
        self.messages = messages
    }

    func send(_ message: [String: String]) throws {
        var line = try JSONSerialization.data(withJSONObject: message)
        line.append(0x0A)
        try input.write(contentsOf: line)
    }

    func finish() {
        try? input.close()
        process.waitUntilExit()
    }
}

extension ICESerializedTests {
    @Suite("Interop with aioice (aiortc's ICE), loopback only", .enabled(if: AioicePeer.isAvailable, "needs .venv from scripts/bootstrap"))
    struct ICEInteropTests {
        @Test("PeerCam's agent connects with aioice and exchanges datagrams, in either role",
              arguments: [ICEAgentConfiguration.Role.controlling, .controlled])
        func connectsWithAioice(role: ICEAgentConfiguration.Role) async throws {
            let aioice = try AioicePeer(role: role == .controlling ? "controlled" : "controlling")
            defer { aioice.finish() }
            let ours = try ICETestPeer(configuration: loopbackConfiguration(role))
            try aioice.send(["ufrag": try ours.agent.localCredentials().usernameFragment,
                             "pwd": try ours.agent.localCredentials().password])
            let forwarder = Task {
                for await event in ours.agent.events {
                    ours.events.withLock { $0.append(event) }
                    switch event {
                    case .localCandidate(let candidate): try? aioice.send(["candidate": candidate.sdp])
                    case .gatheringComplete: try? aioice.send(["end": "true"])
                    default: break
                    }
                }
            }
            try ours.agent.start()

            var aioiceConnected = false
            var echoedBack = false
            for await message in aioice.messages {
                if let ufrag = message["ufrag"], let password = message["pwd"] {
                    try ours.agent.setRemoteCredentials(ICECredentials(usernameFragment: ufrag, password: password))
                } else if let candidate = message["candidate"] {
                    try ours.agent.addRemoteCandidate(candidate)
                } else if message["end"] != nil {
                    try ours.agent.addRemoteEndOfCandidates()
                } else if message["connected"] != nil {
                    aioiceConnected = true
                    #expect(await eventually(within: .seconds(10)) { ours.agent.state.canSend })
                    try ours.agent.send(Array("hello aioice".utf8))
                } else if let received = message["received"] {
                    #expect(received == "hello aioice")
                    echoedBack = await eventually(within: .seconds(5)) { ours.hasReceived(Array("echo:hello aioice".utf8)) }
                    break
                }
            }
            #expect(aioiceConnected)
            #expect(echoedBack)
            let pair = try #require(ours.selectedPairs.last)
            #expect(pair.local.address == "127.0.0.1" && pair.remote.address == "127.0.0.1")
            ours.agent.close()
            await forwarder.value
        }
    }
}
