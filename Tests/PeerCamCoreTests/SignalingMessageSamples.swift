@testable import PeerCamCore

/// Valid messages of every type and variant, shared by the round-trip and fuzz tests.
enum SignalingMessageSamples {
    static let offerSDP = """
        v=0\r
        o=- 4611731400430051336 2 IN IP4 127.0.0.1\r
        s=-\r
        t=0 0\r
        a=group:BUNDLE 0 1\r
        m=video 9 UDP/TLS/RTP/SAVPF 96\r
        a=rtpmap:96 H264/90000\r
        a=fmtp:96 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f\r
        a=setup:actpass\r
        a=mid:0\r
        m=audio 9 UDP/TLS/RTP/SAVPF 111\r
        a=rtpmap:111 opus/48000/2\r
        a=mid:1\r

        """

    static func id(_ text: String) -> SignalingMessageID {
        // Test literals are valid ids.
        try! SignalingMessageID(parsing: text)
    }

    static let session = Fixture.session

    static let all: [(String, SignalingMessage)] = [
        ("stream:request video+audio", .init(id: id("v-1"), body: .streamRequest(.init(media: .init(video: true, audio: true))))),
        ("stream:request audio only, hub camera", .init(id: id("v-2"), body: .streamRequest(
            .init(media: .init(video: false, audio: true), camera: Fixture.camera)))),
        ("stream:requested", .init(id: id("h-1"), body: .streamRequested(
            session, .init(viewer: Fixture.viewer, media: .init(video: true, audio: false))))),
        ("stream:accept", .init(id: id("c-1"), body: .streamAccept(session))),
        ("stream:started", .init(id: id("c-2"), body: .streamStarted(session, request: id("v-1")))),
        ("stream:end hangup", .init(id: id("v-3"), body: .streamEnd(session, .hangup))),
        ("stream:end error", .init(id: id("v-4"), body: .streamEnd(session, .error("decoder \"H264\" failed: ünïcode\n")))),
        ("stream:ended busy refusing a request", .init(id: id("c-3"), body: .streamEnded(session, .busy, request: id("v-1")))),
        ("stream:ended ice-failed", .init(id: id("c-4"), body: .streamEnded(session, .iceFailed, request: nil))),
        ("webrtc:signal offer", .init(id: id("c-5"), body: .webrtcSignal(
            session, .sessionDescription(.init(kind: .offer, sdp: offerSDP))))),
        ("webrtc:signal answer", .init(id: id("v-5"), body: .webrtcSignal(
            session, .sessionDescription(.init(kind: .answer, sdp: "v=0\r\n"))))),
        ("webrtc:signal candidate, mid only", .init(id: id("c-6"), body: .webrtcSignal(session, .candidate(
            .init(candidate: "candidate:1 1 UDP 2122260223 10.0.0.2 50000 typ host", sdpMid: "0", sdpMLineIndex: nil))))),
        ("webrtc:signal candidate, index and ufrag", .init(id: id("c-7"), body: .webrtcSignal(session, .candidate(
            .init(candidate: "candidate:2 1 UDP 1686052607 192.0.2.9 40000 typ srflx raddr 10.0.0.2 rport 50000",
                  sdpMid: "0", sdpMLineIndex: 0, usernameFragment: "aB3d"))))),
        ("webrtc:signal end-of-candidates", .init(id: id("c-8"), body: .webrtcSignal(session, .endOfCandidates))),
        ("error without session", .init(id: id("c-9"), body: .error(nil, .init(code: .invalidJSON, message: "bad")))),
        ("error about a session, replying", .init(id: id("c-10"), body: .error(
            session, .init(code: .illegalState, message: "not now", re: id("v-9"))))),
        ("error with a code from a newer peer", .init(id: id("c-11"), body: .error(
            nil, .init(code: SignalingErrorCode(rawValue: "quota-exceeded")!, message: "")))),
    ]
}
