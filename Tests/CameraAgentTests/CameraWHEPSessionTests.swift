import CameraAgentCore
import DeviceStore
import DTLS
import Foundation
import PeerCamCore
import Signaling
import Testing
import TestSupport
import SDP
import WebRTC

/// The hub's WHEP side called directly, as the server calls it after the HTTP checks, with
/// offers from real PeerConnections.
@Suite("Camera WHEP sessions", .serialized, .timeLimit(.minutes(2)))
struct CameraWHEPSessionTests {
    static func viewer() throws -> PairedDevice {
        PairedDevice(identity: try DeviceIdentity(id: .random(), role: .viewer, name: "WHEP viewer"),
                     tokenDigest: BearerToken.generate().digest, pairedAt: Date())
    }

    @Test("offers with video and audio, or video only, are answered with candidates; media flows; DELETE ends it",
          arguments: [true, false])
    func answersAndStreams(withAudio: Bool) async throws {
        let camera = try await TestCamera()
        let hub = camera.agent.hub
        let received = Shared(0)
        let viewer = PeerConnection(configuration: .loopback(certificate: try DTLSCertificate.generate()),
                                    onPacket: { packet in if packet.kind == .rtp { received.withLock { $0 += 1 } } })
        try viewer.addTransceiver(.video, direction: .recvonly)
        if withAudio { try viewer.addTransceiver(.audio, direction: .recvonly) }
        let offer = try await viewer.createOfferWithCandidates(within: .seconds(5))
        let session = SessionID.random()
        let answer = try await hub.createSession(session, stream: "main", offer: offer, viewer: try Self.viewer())
        #expect(answer.contains("a=candidate:"))
        #expect(answer.contains("a=end-of-candidates"))
        #expect(answer.contains("m=audio") == withAudio)
        try viewer.setRemoteAnswer(answer)
        try await eventually("media over WHEP") { received.withLock { $0 } > 30 }
        #expect(await hub.snapshot().streaming == 1)
        #expect(await hub.sessionList().first?.transport == .whep)
        #expect(await hub.deleteSession(session, viewer: DeviceID.random()))
        #expect(await hub.liveSessionCount == 0)
        #expect(await hub.sessionList().first?.endReason == "hangup")
        #expect(await !hub.deleteSession(session, viewer: DeviceID.random()), "a second DELETE finds nothing")
        viewer.close()
        try await camera.stop()
    }

    @Test("unknown streams, unusable offers and the caps are refused as the error matrix says")
    func refusals() async throws {
        let camera = try await TestCamera(maxPerStream: 1)
        let hub = camera.agent.hub
        let device = try Self.viewer()
        await #expect(throws: WHEPRefusal.unknownStream("side")) {
            _ = try await hub.createSession(.random(), stream: "side", offer: "v=0", viewer: device)
        }
        let audioOnly = PeerConnection(configuration: .loopback(certificate: try DTLSCertificate.generate()))
        try audioOnly.addTransceiver(.audio, direction: .recvonly)
        let audioOffer = try audioOnly.createOffer()
        await #expect { _ = try await hub.createSession(.random(), stream: "main", offer: audioOffer, viewer: device) } throws: {
            guard case .noUsableCodec = $0 as? WHEPRefusal else { return false }
            return true
        }
        let first = PeerConnection(configuration: .loopback(certificate: try DTLSCertificate.generate()))
        try first.addTransceiver(.video, direction: .recvonly)
        _ = try await hub.createSession(.random(), stream: "main", offer: try first.createOffer(), viewer: device)
        let second = PeerConnection(configuration: .loopback(certificate: try DTLSCertificate.generate()))
        try second.addTransceiver(.video, direction: .recvonly)
        let secondOffer = try second.createOffer()
        await #expect(throws: WHEPRefusal.streamCapReached(stream: "main", limit: 1)) {
            _ = try await hub.createSession(.random(), stream: "main", offer: secondOffer, viewer: device)
        }
        #expect(await hub.liveSessionCount == 1)
        first.close(); second.close(); audioOnly.close()
        try await camera.stop()
    }
}
