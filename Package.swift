// swift-tools-version:6.1
// PeerCam: camera-agent and viewer-agent. The layering reads top to bottom and
// dependencies only point down: C shims → pure Swift protocol/core modules →
// one wrapper per C library → composition → thin executables.
import PackageDescription

// MARK: - C shims (leaf targets, one per C library)

func shim(_ name: String, pkgConfig: String, apt: [String]) -> Target {
    .systemLibrary(name: name, pkgConfig: pkgConfig, providers: [.apt(apt)])
}

let shims: [Target] = [
    shim("CNice", pkgConfig: "nice", apt: ["libnice-dev", "libglib2.0-dev"]),
    shim("COpenSSL", pkgConfig: "openssl", apt: ["libssl-dev"]),
    shim("CSRTP", pkgConfig: "libsrtp2", apt: ["libsrtp2-dev"]),
    shim("COpus", pkgConfig: "opus", apt: ["libopus-dev"]),
    shim("COpenH264", pkgConfig: "openh264", apt: ["libopenh264-dev"]),
    shim("CV4L2", pkgConfig: "libv4l2", apt: ["libv4l-dev"]),
    shim("CALSA", pkgConfig: "alsa", apt: ["libasound2-dev"]),
]

let crypto: Target.Dependency = .product(name: "Crypto", package: "swift-crypto")

// MARK: - Pure Swift, no I/O

let pureModules: [Target] = [
    .target(name: "PeerCamCore", dependencies: [crypto]),
    .target(name: "SDP"),
    .target(name: "RTP"),
    .target(name: "RTCP", dependencies: ["RTP"]),  // shares the bounds-checked byte reader/writer
    // Sender-side feedback handlers: packet history, NACK/RTX, SR, keyframe throttle, bitrate control.
    .target(name: "RTPFeedback", dependencies: ["RTP", "RTCP"]),
]

// MARK: - Wrappers, one C library each

let wrappers: [Target] = [
    .target(name: "ICE", dependencies: ["CNice"]),
    .target(name: "DTLS", dependencies: ["COpenSSL"]),
    .target(name: "SRTP", dependencies: ["CSRTP"]),
    .target(name: "H264", dependencies: ["COpenH264", "Media"]),
    .target(name: "Opus", dependencies: ["COpus", "Media"]),
    .target(name: "VideoCapture", dependencies: ["CV4L2", "Media"]),
    .target(name: "AudioCapture", dependencies: ["CALSA", "Media"]),
]

// MARK: - Composition

let composition: [Target] = [
    // Media value types (frames, access units), test sources and file/pipe sinks.
    // Pure Swift: codecs and capture devices build on it, not the other way round.
    .target(name: "Media"),
    .target(name: "WebRTC", dependencies: ["ICE", "DTLS", "SRTP", "SDP", "RTP", "RTCP"]),
    // Camera side: one capture + one encoder + one packetizer per stream, fanned out to every viewer.
    .target(name: "CameraPipeline", dependencies: ["Media", "H264", "Opus", "RTP", "RTCP", "VideoCapture", "AudioCapture"]),
    // Viewer side: RTP in → reorder → depacketize → decode → files, pipes and recording.
    .target(name: "ViewerPipeline", dependencies: ["Media", "H264", "Opus", "RTP", "RTCP"]),
    // Media over a PeerConnection: a camera stream's packets to one peer (SRTP, NACK/RTX, SR,
    // PLI → keyframe, bitrate) and a peer's packets into the viewer pipeline (RR, NACK, PLI).
    .target(name: "MediaSession", dependencies: ["WebRTC", "CameraPipeline", "ViewerPipeline", "RTPFeedback", "RTP", "RTCP", "SDP", "Media"]),
    // Paired devices in SQLite (token digests only), used by the signaling server.
    .target(name: "DeviceStore", dependencies: ["PeerCamCore", .product(name: "GRDB", package: "GRDB.swift")]),
    // HTTPS + WebSocket control plane: pairing, authenticated signaling, admin socket, viewer client.
    .target(name: "Signaling", dependencies: [
        "PeerCamCore", "DeviceStore", "SDP", "WebPlayer", crypto,  // SDP: WHEP bodies are checked before the agent sees them
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "HummingbirdCore", package: "hummingbird"),
        .product(name: "HummingbirdTLS", package: "hummingbird"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        .product(name: "NIOSSL", package: "swift-nio-ssl"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "NIOHTTP1", package: "swift-nio"),
        .product(name: "NIOWebSocket", package: "swift-nio"),
        .product(name: "HTTPTypes", package: "swift-http-types"),
        .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
        .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
        .product(name: "X509", package: "swift-certificates"),
        .product(name: "Logging", package: "swift-log"),
    ]),
    // Deployment: agent configuration (TOML + env + flags) and the sd_notify protocol.
    .target(name: "PeerCamConfig", dependencies: [.product(name: "TOMLKit", package: "TOMLKit")]),
    .target(name: "SystemdNotify"),
    // The browser player page (one self-contained HTML file) the camera serves beside WHEP.
    .target(name: "WebPlayer", resources: [.copy("Resources/player.html")]),
    .target(name: "CaptureProbe", dependencies: ["VideoCapture", "AudioCapture"]),
    // Runs inside the VM of scripts/test-capture-vm against the vivid and snd-aloop drivers.
    .executableTarget(name: "capture-check", dependencies: ["CaptureProbe", "VideoCapture", "AudioCapture", "Media"],
                      path: "Sources/CaptureCheck"),
]

// MARK: - The agents (a library each holding the behaviour, a thin executable for the command line)

let logging: Target.Dependency = .product(name: "Logging", package: "swift-log")
let argumentParser: Target.Dependency = .product(name: "ArgumentParser", package: "swift-argument-parser")

let agents: [Target] = [
    // Camera side: streams on demand, signaling and WHEP sessions, caps, teardown, metrics, sd_notify.
    .target(name: "CameraAgentCore", dependencies: [
        "Signaling", "MediaSession", "CameraPipeline", "WebRTC", "ICE", "DTLS", "SDP", "DeviceStore", "PeerCamCore", "PeerCamConfig",
        "SystemdNotify", "WebPlayer", "CaptureProbe", "Media", "VideoCapture", "AudioCapture", "H264", "Opus", logging,
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        .product(name: "UnixSignals", package: "swift-service-lifecycle"),
        .product(name: "Metrics", package: "swift-metrics"),
        .product(name: "Prometheus", package: "swift-prometheus"),
    ]),
    .executableTarget(name: "camera-agent", dependencies: ["CameraAgentCore", "PeerCamConfig", "Signaling", "PeerCamCore", "CaptureProbe", argumentParser, logging],
                      path: "Sources/CameraAgent"),
    // Viewer side: paired cameras, watch over signaling or WHEP, outputs, reconnect, status and stats.
    .target(name: "ViewerAgentCore", dependencies: [
        "Signaling", "MediaSession", "ViewerPipeline", "WebRTC", "DTLS", "ICE", "SDP", "PeerCamCore", "PeerCamConfig", "Media",
        logging, argumentParser,
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "NIOHTTP1", package: "swift-nio"),
        .product(name: "NIOSSL", package: "swift-nio-ssl"),
    ]),
    .executableTarget(name: "viewer-agent", dependencies: ["ViewerAgentCore", "PeerCamConfig", argumentParser, logging],
                      path: "Sources/ViewerAgent"),
]

// MARK: - Benchmarks (print figures; tests assert behaviour, these measure it)

let benchmarks: [Target] = [
    // SDP parse/serialise/answer timings for real offers.
    .executableTarget(name: "sdp-benchmark", dependencies: ["SDP"], path: "Sources/SDPBenchmark"),
    // ICE connection time on loopback, echo round trip and send cost.
    .executableTarget(name: "ice-benchmark", dependencies: ["ICE"], path: "Sources/ICEBenchmark"),
    // RTP/RTCP packetizer and parser speeds.
    .executableTarget(name: "rtp-benchmark", dependencies: ["RTP", "RTCP"], path: "Sources/RTPBenchmark"),
    // µs per SRTP protect/unprotect and the in-memory DTLS handshake time.
    .executableTarget(name: "srtp-benchmark", dependencies: ["SRTP", "DTLS"], path: "Sources/SRTPBenchmark"),
    // Encode/decode cost per frame and share of a core for the codecs.
    .executableTarget(name: "codec-benchmark", dependencies: ["Media", "H264", "Opus"], path: "Sources/CodecBenchmark"),
    // Loopback PeerConnection set-up time (offer → connected), median and p90.
    .executableTarget(name: "webrtc-benchmark", dependencies: ["WebRTC", "DTLS"], path: "Sources/WebRTCBenchmark"),
    // Camera stream cost per frame (capture → encode → packetize → fan-out) with 1 and 8 subscribers.
    .executableTarget(name: "camera-pipeline-benchmark", dependencies: ["CameraPipeline", "H264", "Media"],
                      path: "Sources/CameraPipelineBenchmark"),
    // Pairing, connect, round-trip and message-throughput figures on loopback.
    .executableTarget(name: "signaling-benchmark", dependencies: [
        "Signaling", "DeviceStore", "PeerCamCore", .product(name: "Logging", package: "swift-log"),
    ], path: "Sources/SignalingBenchmark"),
    // Viewer receive path per frame (RTP in → decode → Y4M) against OpenH264 decoding alone.
    .executableTarget(name: "viewer-pipeline-benchmark", dependencies: ["ViewerPipeline", "Media", "H264", "Opus", "RTP"],
                      path: "Sources/ViewerPipelineBenchmark"),
]

// MARK: - Tests (mirror Sources)

let tests: [Target] = [
    // Helpers shared by test targets only (a seeded generator for fuzz and mutation tests).
    .target(name: "TestSupport", dependencies: ["SystemdNotify", "Media"], path: "Tests/TestSupport"),
    .testTarget(name: "CShimSmokeTests",
                dependencies: ["CNice", "COpenSSL", "CSRTP", "COpus", "COpenH264", "CV4L2", "CALSA"]),
    .testTarget(name: "PeerCamCoreTests", dependencies: ["PeerCamCore", "TestSupport"]),
    .testTarget(name: "SDPTests", dependencies: ["SDP", "TestSupport"], resources: [.copy("Fixtures")]),
    .testTarget(name: "RTPTests", dependencies: ["RTP", "TestSupport"], resources: [.copy("Fixtures")]),
    .testTarget(name: "RTCPTests", dependencies: ["RTCP", "TestSupport"]),
    .testTarget(name: "RTPFeedbackTests", dependencies: ["RTPFeedback", "RTP", "RTCP", "TestSupport"]),
    .testTarget(name: "ICETests", dependencies: ["ICE", "TestSupport"], exclude: ["Interop"]),
    .testTarget(name: "DTLSTests", dependencies: ["DTLS", "TestSupport"]),
    .testTarget(name: "SRTPTests", dependencies: ["SRTP", "DTLS"], exclude: ["Peers"]),  // keys from real DTLS; aiortc peer
    .testTarget(name: "MediaTests", dependencies: ["Media", "H264", "Opus", "COpus", "TestSupport"]),
    .testTarget(name: "WebRTCTests", dependencies: ["WebRTC", "SDP", "DTLS", "RTP", "RTCP", "Media", "TestSupport"]),
    .testTarget(name: "CameraPipelineTests", dependencies: ["CameraPipeline", "Media", "H264", "Opus", "RTP"]),
    .testTarget(name: "MediaSessionTests", dependencies: ["MediaSession", "WebRTC", "CameraPipeline", "Media", "TestSupport", "H264", "Opus", "RTP", "RTCP", "DTLS", "ViewerPipeline"]),
    .testTarget(name: "ViewerPipelineTests", dependencies: ["ViewerPipeline", "Media", "H264", "Opus", "RTP", "RTCP", "TestSupport"]),
    .testTarget(name: "DeviceStoreTests", dependencies: ["DeviceStore", "PeerCamCore"]),
    .testTarget(name: "SignalingTests", dependencies: ["Signaling", "DeviceStore", "PeerCamCore", "WebRTC", "DTLS", "SDP", "TestSupport"]),
    .testTarget(name: "PeerCamConfigTests", dependencies: ["PeerCamConfig", "TestSupport"]),
    .testTarget(name: "SystemdNotifyTests", dependencies: ["SystemdNotify", "TestSupport"]),
    .testTarget(name: "VideoCaptureTests", dependencies: ["VideoCapture", "Media"], resources: [.copy("Fixtures")]),
    .testTarget(name: "CaptureProbeTests", dependencies: ["CaptureProbe", "VideoCapture", "AudioCapture"]),
    .testTarget(name: "AudioCaptureTests", dependencies: ["AudioCapture", "Media"]),
    .testTarget(name: "WebPlayerTests", dependencies: ["WebPlayer"]),  // + headless Chromium check via Tests/Interop
    .testTarget(name: "CameraAgentTests", dependencies: [
        "CameraAgentCore", "Signaling", "SDP", "PeerCamCore", "PeerCamConfig", "WebRTC", "DTLS", "DeviceStore", "CameraPipeline",
        "Media", "VideoCapture", "TestSupport", logging,
    ]),
    // The real executables against each other: pairing, watching, fan-out, teardown, restarts, systemd protocol.
    .testTarget(name: "EndToEndTests", dependencies: [
        "Signaling", "PeerCamCore", "Media", "TestSupport",
    ]),
    .testTarget(name: "ViewerAgentTests", dependencies: [
        "ViewerAgentCore", "Signaling", "PeerCamCore", "PeerCamConfig", "ViewerPipeline", "TestSupport", argumentParser,
        // An in-process camera (signaling server + test-pattern stream + sending peers) for the signaling watch tests.
        "DeviceStore", "CameraPipeline", "MediaSession", "WebRTC", "DTLS", "Media", "H264", logging,
    ]),
]

let package = Package(
    name: "PeerCam",
    platforms: [.macOS(.v14)],
    products: [],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/LebJe/TOMLKit.git", from: "0.6.0"),
        // Signaling / DeviceStore: the Swift server stack (DESIGN.md, "Signaling and control plane").
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        // The agents: command lines, and /metrics in Prometheus text format.
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: shims + pureModules + wrappers + composition + agents + benchmarks + tests,
    swiftLanguageModes: [.v6]
)
