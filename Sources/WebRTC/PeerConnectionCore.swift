import DTLS
import ICE
import SDP
import SRTP

/// The mutable state of one ``PeerConnection``, kept behind its mutex. A value type so every
/// rule about state transitions lives in one place and is applied atomically.
struct PeerConnectionCore: Sendable {
    var state: PeerConnectionState = .new
    var signaling: PeerConnectionSignalingState = .stable
    var transceivers: [PeerConnectionTransceiver] = []
    let ssrcs: SDPLocalSSRCs
    let sessionID: String
    let cname: String

    var ice: ICEAgent?
    var iceConnected = false
    var eventsTask: Task<Void, Never>?
    var timerTask: Task<Void, Never>?
    var deadlineTask: Task<Void, Never>?

    var localParameters: SDPLocalParameters?
    var localOffer: SDPSessionDescription?
    /// The answerer's answer, made by `setRemoteOffer`, returned by `createAnswer`.
    var localAnswer: String?
    /// The answerer's session, applied once gathering started in `createAnswer`.
    var answeredSession: SDPNegotiatedSession?
    /// The BUNDLE tag mid our candidates are trickled for.
    var bundleMid: String?
    var session: SDPNegotiatedSession?

    var dtls: DTLSTransport?
    var dtlsStarted = false
    var srtp: SRTPSession?
    var router = RTPReceiveRouter()
    var sendingSSRCs: [UInt32] = []
    var pending: PendingDatagramQueue
    var earlyRemoteCandidates: [String] = []
    var earlyRemoteEndOfCandidates = false
    var refusedRemoteCandidates: [String] = []
    var counters = PeerConnectionReceiveCounters()

    /// Remote candidates held before the remote description; more are refused.
    static let earlyCandidateLimit = 64

    init(pendingLimits: PendingDatagramQueue.Limits, cname: String?) {
        var generator = SystemRandomNumberGenerator()
        ssrcs = SDPLocalSSRCs(video: UInt32.random(in: 1...UInt32.max, using: &generator),
                              videoRTX: UInt32.random(in: 1...UInt32.max, using: &generator),
                              audio: UInt32.random(in: 1...UInt32.max, using: &generator))
        // RFC 8829 §5.2.1: a 64-bit session id whose top bit is zero, as decimal text.
        sessionID = String(UInt64.random(in: 1...UInt64(Int64.max), using: &generator))
        self.cname = cname ?? String(UInt64.random(in: 1...UInt64.max, using: &generator), radix: 36)
        pending = PendingDatagramQueue(limits: pendingLimits)
    }

    /// Applies a state change if the state machine allows it (only forward; `failed` may
    /// still become `closed`).
    /// - Returns: whether the state changed.
    mutating func transition(to next: PeerConnectionState) -> Bool {
        let allowed: Bool
        switch (state, next) {
        case (.closed, _): allowed = false
        case (.failed, .closed): allowed = true
        case (.failed, _): allowed = false
        case (_, .closed), (_, .failed): allowed = true
        case (.new, .checking), (.new, .connected), (.checking, .connected): allowed = true
        default: allowed = false
        }
        if allowed { state = next }
        return allowed
    }

    /// The SDP inputs for this side: credentials from the agent, the certificate's
    /// fingerprint, one section per transceiver kind with its own direction.
    func localParameters(credentials: ICECredentials, certificate: DTLSCertificate) -> SDPLocalParameters {
        let video = transceivers.first { $0.kind == .video }
        let audio = transceivers.first { $0.kind == .audio }
        let fingerprint = SDPFingerprint(algorithm: certificate.fingerprint.algorithm, bytes: certificate.fingerprint.digest)
        var local = SDPLocalParameters(
            iceUfrag: credentials.usernameFragment, icePwd: credentials.password, fingerprints: [fingerprint],
            direction: (video ?? audio)?.requestedDirection ?? .inactive, ssrcs: ssrcs, sessionID: sessionID,
            video: video?.requirement ?? .refused, audio: audio?.requirement ?? .refused, cname: cname)
        local.videoDirection = video?.requestedDirection
        local.audioDirection = audio?.requestedDirection
        return local
    }

    /// Records the negotiated session: transceivers learn their mids, the router and the
    /// send check learn the SSRCs.
    mutating func adopt(_ negotiated: SDPNegotiatedSession) {
        session = negotiated
        for index in transceivers.indices {
            let media = negotiated.media.first { $0.kind == transceivers[index].kind }
            transceivers[index].mid = media?.mid
            transceivers[index].negotiated = media
        }
        router = RTPReceiveRouter(session: negotiated)
        sendingSSRCs = negotiated.media.filter(\.direction.sends).flatMap { [$0.localSSRC, $0.localRTXSSRC].compactMap { $0 } }
    }
}
