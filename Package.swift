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
    .target(name: "RTCP"),
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
    // Prints encode/decode cost per frame and share of a core for the codecs (not a test).
    .executableTarget(name: "codec-benchmark", dependencies: ["Media", "H264", "Opus"], path: "Sources/CodecBenchmark"),
    // Paired devices in SQLite (token digests only), used by the signaling server.
    .target(name: "DeviceStore", dependencies: ["PeerCamCore", .product(name: "GRDB", package: "GRDB.swift")]),
    // HTTPS + WebSocket control plane: pairing, authenticated signaling, admin socket, viewer client.
    .target(name: "Signaling", dependencies: [
        "PeerCamCore", "DeviceStore", crypto,
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "HummingbirdCore", package: "hummingbird"),
        .product(name: "HummingbirdTLS", package: "hummingbird"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        .product(name: "NIOSSL", package: "swift-nio-ssl"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "NIOHTTP1", package: "swift-nio"),
        .product(name: "NIOWebSocket", package: "swift-nio"),
        .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
        .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
        .product(name: "X509", package: "swift-certificates"),
        .product(name: "Logging", package: "swift-log"),
    ]),
    // Prints pairing, connect, round-trip and message-throughput figures on loopback (not a test).
    .executableTarget(name: "signaling-benchmark", dependencies: [
        "Signaling", "DeviceStore", "PeerCamCore", .product(name: "Logging", package: "swift-log"),
    ], path: "Sources/SignalingBenchmark"),
]

// MARK: - Tests (mirror Sources)

let tests: [Target] = [
    .testTarget(name: "CShimSmokeTests",
                dependencies: ["CNice", "COpenSSL", "CSRTP", "COpus", "COpenH264", "CV4L2", "CALSA"]),
    .testTarget(name: "PeerCamCoreTests", dependencies: ["PeerCamCore"]),
    .testTarget(name: "SDPTests", dependencies: ["SDP"], resources: [.copy("Fixtures")]),
    .testTarget(name: "RTPTests", dependencies: ["RTP"]),
    .testTarget(name: "RTCPTests", dependencies: ["RTCP"]),
    .testTarget(name: "ICETests", dependencies: ["ICE"]),
    .testTarget(name: "DTLSTests", dependencies: ["DTLS"]),
    .testTarget(name: "SRTPTests", dependencies: ["SRTP"]),
    .testTarget(name: "MediaTests", dependencies: ["Media", "H264", "Opus", "COpus"]),
    .testTarget(name: "WebRTCTests", dependencies: ["WebRTC"]),
    .testTarget(name: "DeviceStoreTests", dependencies: ["DeviceStore", "PeerCamCore"]),
    .testTarget(name: "SignalingTests", dependencies: ["Signaling", "DeviceStore", "PeerCamCore"]),
]

let package = Package(
    name: "PeerCam",
    platforms: [.macOS(.v14)],
    products: [],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        // Signaling / DeviceStore: the Swift server stack (DESIGN.md, "Signaling and control plane").
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    ],
    targets: shims + pureModules + wrappers + composition + tests,
    swiftLanguageModes: [.v6]
)
