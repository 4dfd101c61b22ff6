import ICE
import Testing

extension ICESerializedTests {
    @Suite("ICEAgent over loopback")
    struct ICEAgentConnectivityTests {
        @Test("RFC 8445: two agents trickle candidates both ways, connect and carry datagrams both ways",
              arguments: ["127.0.0.1", "::1"])
        func connectsAndExchangesDatagrams(address: String) async throws {
            let pair = try ICELoopbackPair(
                controlling: loopbackConfiguration(.controlling, address: address),
                controlled: loopbackConfiguration(.controlled, address: address))
            try pair.exchangeCredentials()
            try pair.start()
            #expect(await pair.connectBothWays())

            let ping: [UInt8] = Array("ping from controlling".utf8)
            let pong: [UInt8] = [0x80, 0x60, 0x00, 0x01] + Array(repeating: 0xAB, count: 1200)
            try pair.controlling.agent.send(ping)
            try pair.controlled.agent.send(pong)
            #expect(await eventually(within: .seconds(5)) { pair.controlled.hasReceived(ping) })
            #expect(await eventually(within: .seconds(5)) { pair.controlling.hasReceived(pong) })

            #expect(await eventually(within: .seconds(5)) { !pair.controlling.selectedPairs.isEmpty })
            let selected = try #require(pair.controlling.selectedPairs.last)
            #expect(selected.local.address == address)
            #expect(selected.remote.address == address)
            #expect(pair.controlling.states.contains(.gathering))
            #expect(pair.signalingErrors.isEmpty)
            await pair.close()
            #expect(pair.controlling.states.last == .closed)
            #expect(pair.controlled.states.last == .closed)
        }

        @Test("Only the loopback address asked for is gathered: host candidates on it, then end-of-candidates",
              arguments: ["127.0.0.1", "::1"])
        func gathersOnlyTheAddressesAsked(address: String) async throws {
            let peer = try ICETestPeer(configuration: loopbackConfiguration(.controlling, address: address))
            let recorder = Task {
                for await event in peer.agent.events {
                    peer.events.withLock { $0.append(event) }
                }
            }
            try peer.agent.start()
            #expect(await eventually(within: .seconds(5)) { peer.events.withLock { $0.contains(.gatheringComplete) } })
            let candidates = peer.localCandidates
            #expect(!candidates.isEmpty)
            for candidate in candidates {
                #expect(candidate.address == address)
                #expect(candidate.kind == .host)
                #expect(candidate.transport == .udp)
                #expect(candidate.sdp.hasPrefix("candidate:"))
                #expect(candidate.sdpLine.contains(" \(address) \(candidate.port) typ host"))
            }
            peer.agent.close()
            await recorder.value
        }

        @Test("Loopback is gathered only when asked: interface enumeration adds it on request, skips it otherwise",
              arguments: [true, false])
        func loopbackOnRequest(includeLoopback: Bool) async throws {
            // Gathering host candidates sends nothing; no checks start without a remote peer.
            let peer = try ICETestPeer(configuration: ICEAgentConfiguration(
                role: .controlled, localAddresses: .allInterfaces(includeLoopback: includeLoopback)))
            let recorder = Task {
                for await event in peer.agent.events {
                    peer.events.withLock { $0.append(event) }
                }
            }
            try peer.agent.start()
            #expect(await eventually(within: .seconds(5)) { peer.events.withLock { $0.contains(.gatheringComplete) } })
            let addresses = Set(peer.localCandidates.map(\.address))
            #expect(addresses.contains("127.0.0.1") == includeLoopback, "\(addresses)")
            peer.agent.close()
            await recorder.value
        }

        @Test("RFC 7675 consent freshness: when the peer goes away the survivor fails on its own")
        func consentExpiresWhenPeerVanishes() async throws {
            let pair = try ICELoopbackPair()
            try pair.exchangeCredentials()
            try pair.start()
            #expect(await pair.connectBothWays())
            pair.controlled.agent.close()
            // libnice 0.1.21 checks consent every ~5 s and gives up 10 s after the last answer.
            #expect(await eventually(within: .seconds(40)) { pair.controlling.agent.state == .failed })
            #expect(throws: ICESendError.notConnected(.failed)) { try pair.controlling.agent.send([1]) }
            await pair.close()
        }

        @Test("send is safe from many threads at once; every datagram arrives intact")
        func concurrentSends() async throws {
            let pair = try ICELoopbackPair()
            try pair.exchangeCredentials()
            try pair.start()
            #expect(await pair.connectBothWays())
            let agent = pair.controlling.agent
            await withTaskGroup(of: Void.self) { group in
                for sender in 0..<4 {
                    group.addTask {
                        for index in 0..<50 {
                            try? agent.send([UInt8(sender), UInt8(index)] + [UInt8](repeating: 0x33, count: 62))
                        }
                    }
                }
            }
            #expect(await eventually(within: .seconds(5)) { pair.controlled.datagrams.withLock { $0.count } == 200 })
            let received = pair.controlled.datagrams.withLock { Set($0.map { [$0[0], $0[1]] }) }
            #expect(received.count == 200)
            await pair.close()
        }

        @Test("A wrong remote password fails the checks within the configured bound, and send says why")
        func wrongRemotePasswordFails() async throws {
            let pair = try ICELoopbackPair()
            try pair.exchangeCredentials(controllingSeesPassword: "wrongwrongwrongwrongwrong1")
            try pair.start()
            // stun-initial 50 ms, 3 retransmissions, idle 200 ms: failure well within 10 s.
            #expect(await eventually(within: .seconds(10)) { pair.controlling.agent.state == .failed })
            #expect(!pair.controlling.states.contains(.connected))
            #expect(throws: ICESendError.notConnected(.failed)) { try pair.controlling.agent.send([1, 2, 3]) }
            await pair.close()
        }

        @Test("RFC 8445 §2.4: after an ICE restart both sides get new credentials, reconnect and carry data")
        func restartReconnects() async throws {
            let pair = try ICELoopbackPair()
            try pair.exchangeCredentials()
            try pair.start()
            #expect(await pair.connectBothWays())
            let before = try pair.controlling.agent.localCredentials()

            // Offer/answer round trip: hold trickled candidates until both sides restarted.
            pair.pauseSignaling()
            let controllingCredentials = try pair.controlling.agent.restart()
            let controlledCredentials = try pair.controlled.agent.restart()
            #expect(controllingCredentials != before)
            #expect(try pair.controlling.agent.localCredentials() == controllingCredentials)
            #expect(!pair.controlling.agent.state.canSend)
            try pair.controlling.agent.setRemoteCredentials(controlledCredentials)
            try pair.controlled.agent.setRemoteCredentials(controllingCredentials)
            pair.resumeSignaling()

            #expect(await pair.connectBothWays())
            let afterRestart: [UInt8] = Array("after restart".utf8)
            try pair.controlled.agent.send(afterRestart)
            #expect(await eventually(within: .seconds(5)) { pair.controlling.hasReceived(afterRestart) })
            #expect(pair.signalingErrors.isEmpty)
            await pair.close()
        }

        @Test("send before connected and after close throws a typed error, never sends")
        func sendOutsideConnectedThrows() async throws {
            let peer = try ICETestPeer(configuration: loopbackConfiguration(.controlled))
            #expect(throws: ICESendError.notConnected(.new)) { try peer.agent.send([0x01]) }
            try peer.agent.start()
            #expect(throws: ICESendError.self) { try peer.agent.send([0x01]) }
            peer.agent.close()
            #expect(throws: ICESendError.closed) { try peer.agent.send([0x01]) }
            #expect(throws: ICEAgentLifecycleError.closed) { try peer.agent.localCredentials() }
            #expect(throws: ICEAgentLifecycleError.closed) { try peer.agent.addRemoteEndOfCandidates() }
            #expect(peer.agent.state == .closed)
        }
    }
}
