import ICE
import Testing

extension ICESerializedTests {
    @Suite("Interop with aioice (aiortc's ICE), loopback only", .enabled(if: AioicePeer.isAvailable, "needs .venv from scripts/bootstrap"))
    struct ICEInteropTests {
        @Test("PeerCam's agent connects with aioice and exchanges datagrams, in either role",
              arguments: [ICEAgentConfiguration.Role.controlling, .controlled])
        func connectsWithAioice(role: ICEAgentConfiguration.Role) async throws {
            let aioice = try AioicePeer(role: role == .controlling ? "controlled" : "controlling")
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
            await aioice.finish()
        }
    }
}
