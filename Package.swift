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
    .target(name: "CaptureProbe", dependencies: ["VideoCapture", "AudioCapture"]),
    // Runs inside the VM of scripts/test-capture-vm against the vivid and snd-aloop drivers.
    .executableTarget(name: "capture-check", dependencies: ["CaptureProbe", "VideoCapture", "AudioCapture", "Media"],
                      path: "Sources/CaptureCheck"),
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
    .testTarget(name: "MediaTests", dependencies: ["Media", "H264", "Opus"]),
    .testTarget(name: "WebRTCTests", dependencies: ["WebRTC"]),
    .testTarget(name: "VideoCaptureTests", dependencies: ["VideoCapture", "Media"], resources: [.copy("Fixtures")]),
    .testTarget(name: "CaptureProbeTests", dependencies: ["CaptureProbe", "VideoCapture", "AudioCapture"]),
    .testTarget(name: "AudioCaptureTests", dependencies: ["AudioCapture", "Media"]),
]

let package = Package(
    name: "PeerCam",
    platforms: [.macOS(.v14)],
    products: [],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
    ],
    targets: shims + pureModules + wrappers + composition + tests,
    swiftLanguageModes: [.v6]
)
