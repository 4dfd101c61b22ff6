/// Everything `camera-agent run` needs to know, with the defaults a camera
/// box gets when `/etc/peercam/camera-agent.toml` is absent.
///
/// Defaults are chosen so that a fresh install exposes nothing: signaling on
/// loopback only, no STUN/TURN server contacted, and pairing codes that live
/// five minutes and allow five attempts. `config/camera-agent.toml` shows
/// every option with its default, and a test keeps the two equal.
public struct CameraAgentConfiguration: Equatable, Sendable {
    /// Identity, TLS certificate and paired-devices database.
    public var stateDirectory = "/var/lib/peercam"
    /// Signaling (HTTPS + WebSocket + WHEP) listener.
    public var listen = HostPort(host: "127.0.0.1", port: 8443)
    /// Local admin socket used by `camera-agent pair` and `devices`.
    public var adminSocket = "/run/peercam/admin.sock"
    public var logLevel = LogLevel.info
    public var video = Video()
    public var audio = Audio()
    public var viewers = ViewerLimits()
    public var ice = ICE()
    public var pairing = Pairing()
    public var metrics = Metrics()

    public init() {}

    public struct Video: Equatable, Sendable {
        public var device = VideoSourceSelection.device(path: "/dev/video0")
        public var size = VideoSize(width: 1280, height: 720)
        public var framesPerSecond = 30
        /// Encoder start bitrate in bit/s; congestion control moves it.
        public var bitrate = 2_000_000
        public init() {}
    }

    public struct Audio: Equatable, Sendable {
        /// No audio by default: many USB cameras have no microphone, and a
        /// missing ALSA device must not keep the video from starting.
        public var device = AudioSourceSelection.none
        public init() {}
    }

    /// Caps that keep one box from being overrun; refused viewers get distinct errors.
    public struct ViewerLimits: Equatable, Sendable {
        public var maxPerStream = 8
        public var maxTotal = 32
        public init() {}
    }

    public struct ICE: Equatable, Sendable {
        /// STUN/TURN servers; empty, so no third party is contacted by default.
        public var servers: [ICEServer] = []
        /// Addresses to gather host candidates on; empty means every
        /// non-loopback interface address.
        public var hostAddresses: [String] = []
        /// Offer 127.0.0.1/::1 candidates too (local testing).
        public var includeLoopback = false
        public init() {}
    }

    public struct Pairing: Equatable, Sendable {
        public var codeLifetimeSeconds = 300
        /// Wrong codes tolerated per code before it is burnt.
        public var maxAttempts = 5
        public init() {}
    }

    public struct Metrics: Equatable, Sendable {
        /// `GET /metrics` (Prometheus text), behind a bearer token.
        public var enabled = true
        public init() {}
    }
}
