import DTLS
import Foundation
import SDP
import Testing
import WebRTC

/// Offer/answer steps without connecting: order rules (JSEP), what the SDP carries, and SDP
/// errors surfacing unchanged. Gathering starts on the ICE thread but nothing here waits for it.
extension WebRTCSerializedTests {
    @Suite struct PeerConnectionNegotiationTests {
        func connection() throws -> PeerConnection {
            PeerConnection(configuration: .loopback(certificate: try #require(TestCertificate.shared)))
        }

        /// A camera offering sendonly video and a viewer answering recvonly.
        func cameraAndViewer() throws -> PeerConnectionLoopbackPair {
            try PeerConnectionLoopbackPair(offering: [(.video, .sendonly)], answering: [(.video, .recvonly)],
                                           certificate: try #require(TestCertificate.shared))
        }

        @Test("JSEP order and transceiver rules are enforced with typed errors")
        func orderRules() throws {
            let empty = try connection()
            defer { empty.close() }
            #expect(throws: PeerConnectionSignalingError.noTransceivers) { try empty.createOffer() }
            #expect(throws: PeerConnectionSignalingError.jsep(operation: "setRemoteAnswer", state: .stable)) {
                try empty.setRemoteAnswer("v=0\r\n")
            }
            #expect(throws: PeerConnectionSignalingError.jsep(operation: "createAnswer", state: .stable)) {
                try empty.createAnswer()
            }

            let offerer = try connection()
            defer { offerer.close() }
            try offerer.addTransceiver(.video, direction: .sendonly)
            #expect(throws: PeerConnectionSignalingError.transceiverKindAlreadyAdded(.video)) {
                try offerer.addTransceiver(.video, direction: .recvonly)
            }
            _ = try offerer.createOffer()
            #expect(offerer.signalingState == .haveLocalOffer)
            #expect(throws: PeerConnectionSignalingError.transceiversFixedAfterNegotiation) {
                try offerer.addTransceiver(.audio, direction: .sendonly)
            }
            #expect(throws: PeerConnectionSignalingError.renegotiationUnsupported) { try offerer.createOffer() }
        }

        @Test("the offer carries our fingerprint, actpass, trickle, BUNDLE and each transceiver's SSRC and direction")
        func offerContent() throws {
            let offerer = try connection()
            defer { offerer.close() }
            let video = try offerer.addTransceiver(.video, direction: .sendonly)
            let audio = try offerer.addTransceiver(.audio, direction: .sendrecv)
            let offer = try SDPSessionDescription(parsing: try offerer.createOffer())
            let certificate = try #require(TestCertificate.shared)
            #expect(offer.text.contains("a=fingerprint:sha-256 \(certificate.fingerprint.hexPairs)"))
            #expect(offer.bundleGroup?.mids == ["0", "1"])
            #expect(offer.media.map(\.explicitDirection) == [.sendonly, .sendrecv])
            #expect(offer.text.contains("a=setup:actpass"))
            #expect(offer.text.contains("a=ice-options:trickle"))
            #expect(offer.text.contains("a=ssrc:\(video.localSSRC) "))
            #expect(offer.text.contains("a=ssrc:\(audio.localSSRC) "))
        }

        @Test("SDP text without its final CRLF is accepted (normalised once); the parser alone refuses it")
        func missingFinalLineEnding() throws {
            let pair = try cameraAndViewer()
            defer { pair.close() }
            let (offerer, answerer) = (pair.offerer, pair.answerer)
            let trimmed = try offerer.createOffer().trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(throws: SDPParseError.self) { try SDPSessionDescription(parsing: trimmed) }
            try answerer.setRemoteOffer(trimmed + "  \n")
            let answer = try answerer.createAnswer()
            #expect(answer.hasSuffix("\r\n"))
            try offerer.setRemoteAnswer(String(answer.dropLast(2)))
            #expect(offerer.signalingState == .stable && answerer.signalingState == .stable)
            #expect(offerer.transceivers.first?.negotiated?.direction == .sendonly)
            #expect(answerer.transceivers.first?.negotiated?.direction == .recvonly)
        }

        @Test("an offer without H264 fails with the SDP module's own error, and leaves the answerer clean")
        func negotiationErrorSurfacesAsIs() throws {
            let pair = try cameraAndViewer()
            defer { pair.close() }
            let (offerer, answerer) = (pair.offerer, pair.answerer)
            let offer = try offerer.createOffer().replacingOccurrences(of: "H264/90000", with: "VP8/90000")
            #expect(throws: SDPNegotiationError.noH264(mid: "0")) { try answerer.setRemoteOffer(offer) }
            #expect(answerer.signalingState == .stable)
            #expect(throws: (any Error).self) { try answerer.setRemoteOffer("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\n") }
            #expect(throws: SDPParseError.self) { try answerer.setRemoteOffer("not sdp") }
        }

        @Test("a wrong answer to our offer surfaces the SDP module's error; the offer stays pending")
        func badAnswer() throws {
            let offerer = try connection()
            defer { offerer.close() }
            try offerer.addTransceiver(.video, direction: .sendonly)
            let offer = try offerer.createOffer()
            // Our own offer echoed back is no answer: setup actpass is not allowed there.
            #expect(throws: SDPNegotiationError.self) { try offerer.setRemoteAnswer(offer) }
            #expect(offerer.signalingState == .haveLocalOffer)
        }

        @Test("remote candidates before the remote description are held, within a bound")
        func earlyCandidates() throws {
            let offerer = try connection()
            defer { offerer.close() }
            try offerer.addTransceiver(.video, direction: .sendonly)
            _ = try offerer.createOffer()
            for port in 0..<64 {
                try offerer.addRemoteCandidate("candidate:1 1 UDP 2015363327 127.0.0.1 \(40000 + port) typ host")
            }
            #expect(throws: PeerConnectionSignalingError.tooManyEarlyRemoteCandidates(limit: 64)) {
                try offerer.addRemoteCandidate("candidate:1 1 UDP 2015363327 127.0.0.1 41000 typ host")
            }
        }
    }
}

extension WebRTCSerializedTests.PeerConnectionNegotiationTests {
    @Test("candidates libnice cannot use (mDNS, TCP) in a description are refused one by one, not the description")
    func unusableDescribedCandidates() throws {
        let pair = try cameraAndViewer()
        defer { pair.close() }
        let (offerer, answerer) = (pair.offerer, pair.answerer)
        let extra = "a=candidate:1 1 udp 2122260223 3f2a-browser.local 50000 typ host\r\n"
            + "a=candidate:2 1 tcp 1518280447 127.0.0.1 9 typ host tcptype active\r\n"
            + "a=candidate:3 1 udp 2122260223 127.0.0.1 50002 typ host\r\n"
        var offer = try offerer.createOffer()
        let midLine = try #require(offer.range(of: "a=mid:0\r\n"))
        offer.insert(contentsOf: extra, at: midLine.upperBound)
        try answerer.setRemoteOffer(offer)
        _ = try answerer.createAnswer()
        #expect(answerer.signalingState == .stable)
        let refused = answerer.refusedRemoteCandidates
        #expect(refused.count == 2)
        #expect(refused.contains { $0.contains(".local") } && refused.contains { $0.contains("tcptype") })
    }
}

extension WebRTCSerializedTests.PeerConnectionNegotiationTests {
    @Test("RFC 3264 §6.1 directions per transceiver, and which side may send", arguments: [
        // (offerer wants, answerer wants, offerer gets, answerer gets)
        (SDPDirection.sendonly, SDPDirection.recvonly, SDPDirection.sendonly, SDPDirection.recvonly),
        (.recvonly, .sendonly, .recvonly, .sendonly),
        (.sendrecv, .sendrecv, .sendrecv, .sendrecv),
        (.sendrecv, .recvonly, .sendonly, .recvonly),
        (.sendrecv, .sendonly, .recvonly, .sendonly),
    ])
    func directions(offered: SDPDirection, answered: SDPDirection, offererGets: SDPDirection, answererGets: SDPDirection) throws {
        let certificate = try #require(TestCertificate.shared)
        let pair = try PeerConnectionLoopbackPair(offering: [(.video, offered)], answering: [(.video, answered)],
                                                  certificate: certificate)
        defer { pair.close() }
        try pair.answerer.setRemoteOffer(try pair.offerer.createOffer())
        try pair.offerer.setRemoteAnswer(try pair.answerer.createAnswer())
        #expect(pair.offerer.transceivers.first?.direction == offererGets)
        #expect(pair.answerer.transceivers.first?.direction == answererGets)
        #expect(pair.offerer.transceivers.first?.negotiated?.localSSRC == (offererGets.sends ? pair.offerer.transceivers.first?.localSSRC : nil))
    }

    @Test("a medium the answerer has no transceiver for is rejected: fine if optional, the SDP error if required",
          arguments: [SDPMediaRequirement.optional, .required])
    func rejectedSection(audioRequirement: SDPMediaRequirement) throws {
        let pair = try cameraAndViewer()
        defer { pair.close() }
        try pair.offerer.addTransceiver(.audio, direction: .sendonly, requirement: audioRequirement)
        try pair.answerer.setRemoteOffer(try pair.offerer.createOffer())
        let answer = try pair.answerer.createAnswer()
        #expect(answer.contains("m=audio 0 "))
        guard audioRequirement == .optional else {
            #expect(throws: SDPNegotiationError.missingMedia(.audio)) { try pair.offerer.setRemoteAnswer(answer) }
            return
        }
        try pair.offerer.setRemoteAnswer(answer)
        let audio = try #require(pair.offerer.transceivers.first { $0.kind == .audio })
        #expect(audio.negotiated == nil && audio.mid == nil)
        #expect(pair.offerer.transceivers.first { $0.kind == .video }?.mid == "0")
    }
}

extension WebRTCSerializedTests.PeerConnectionNegotiationTests {
    @Test("RFC 8839 §5.4: an answer whose ice-ufrag ICE refuses fails the connection instead of leaving it half set up")
    func invalidRemoteCredentials() throws {
        let pair = try cameraAndViewer()
        defer { pair.close() }
        try pair.answerer.setRemoteOffer(try pair.offerer.createOffer())
        let answer = try pair.answerer.createAnswer()
        let ufrag = try #require(answer.split(separator: "\r\n").first { $0.hasPrefix("a=ice-ufrag:") })
        let tampered = answer.replacingOccurrences(of: String(ufrag), with: "a=ice-ufrag:ab")
        #expect(throws: (any Error).self) { try pair.offerer.setRemoteAnswer(tampered) }
        guard case .failed(.transportSetup(let reason)) = pair.offerer.connectionState else {
            Issue.record("state \(pair.offerer.connectionState)")
            return
        }
        #expect(reason.contains("rfc8839UsernameFragmentLength"), "\(reason)")
    }
}
