import SDP
import Testing

/// RFC 3264 §6.1: the answer's direction is the offer's reversed, narrowed to what we want.
@Suite struct SDPDirectionNegotiationTests {
    /// (what we want, what the offer says, what we answer; nil = refused with `.mediaDirection`).
    static let table: [(SDPDirection, SDPDirection, SDPDirection?)] = [
        (.sendonly, .sendrecv, .sendonly), (.sendonly, .recvonly, .sendonly),
        (.sendonly, .sendonly, nil), (.sendonly, .inactive, .inactive),
        (.recvonly, .sendrecv, .recvonly), (.recvonly, .sendonly, .recvonly),
        (.recvonly, .recvonly, nil), (.recvonly, .inactive, .inactive),
        (.sendrecv, .sendrecv, .sendrecv), (.sendrecv, .sendonly, .recvonly),
        (.sendrecv, .recvonly, .sendonly), (.sendrecv, .inactive, .inactive),
    ]

    @Test(arguments: table)
    func answerDirection(_ wanted: SDPDirection, _ offered: SDPDirection, _ expected: SDPDirection?) throws {
        let text = SDPNegotiationErrorTests.offer([SDPNegotiationErrorTests.video(direction: offered.rawValue)], bundle: "0")
        let offer = try SDPSessionDescription(parsing: text)
        let local = cameraParameters(direction: wanted)
        guard let expected else {
            #expect(throws: SDPNegotiationError.mediaDirection(mid: "0", remote: offered)) {
                try SDPAnswerer.answer(offer, local: local)
            }
            return
        }
        let answer = try SDPAnswerer.answer(offer, local: local)
        #expect(answer.session.video?.direction == expected)
        #expect(answer.description.media[0].direction == expected)
        // SSRCs are announced exactly when we send.
        #expect(answer.description.media[0].ssrcs.isEmpty == !expected.sends)
    }

    @Test func sessionLevelDirectionApplies() throws {
        let text = SDPNegotiationErrorTests.offer([SDPNegotiationErrorTests.video(direction: "x-none")], bundle: "0")
            .replacingAll("t=0 0\r\n", with: "t=0 0\r\na=recvonly\r\n")
        let answer = try SDPAnswerer.answer(try SDPSessionDescription(parsing: text), local: cameraParameters())
        #expect(answer.session.video?.direction == .sendonly)
    }

    /// A camera with two-way audio: video sendonly, audio sendrecv, in offers and answers.
    @Test func perMediumDirections() throws {
        var camera = cameraParameters()
        camera.audioDirection = .sendrecv
        let offer = SDPOfferer.offer(camera)
        #expect(offer.media.map(\.direction) == [.sendonly, .sendrecv])
        let chromium = try SDPFixture(name: "chromium-sendrecv-offer").description
        let answer = try SDPAnswerer.answer(chromium, local: camera)
        #expect(answer.session.video?.direction == .sendonly)
        #expect(answer.session.audio?.direction == .sendrecv)
        #expect(answer.session.audio?.remoteSSRCs.isEmpty == false)
    }
}
