import ICE
import Signaling
import ViewerPipeline

/// Everything one `viewer-agent watch` needs, already resolved and checked: where the stream
/// comes from, what to write, for how long, and how to reconnect. Built by the `watch` command
/// from flags and `ViewerAgentConfiguration`, or by a test or the lead's end-to-end harness.
public struct ViewerWatchConfiguration: Sendable {
    /// Where the stream comes from.
    public enum Source: Sendable {
        /// A paired PeerCam camera over its signaling WebSocket (the camera offers).
        case camera(PairedCamera)
        /// Any WHEP server (RFC 9725; this viewer offers).
        case whep(WHEPEndpoint)
    }

    public var source: Source
    public var outputs: ViewerOutputConfiguration
    /// Ask for and write audio; false sends `audio: false` / offers no audio section.
    public var audio: Bool
    /// The watch ends (hang-up, outputs finalised, exit 0) this long after it started.
    public var duration: Duration?
    /// Written when the watch ends: ``ViewerWatchReport`` as JSON.
    public var statisticsPath: String?
    /// The live status line on standard error.
    public var statusLine: Bool
    /// Bounded, jittered exponential back-off between reconnection attempts.
    public var reconnect: ReconnectBackoff
    /// Where ICE host candidates come from. Defaults to every interface except loopback; a
    /// camera or WHEP server on a loopback address gets the loopback address instead (libnice
    /// skips loopback when gathering).
    public var iceAddresses: ICEAgentConfiguration.LocalAddresses
    /// From the stream request to media connected (`docs/protocol.md` §3: 30 s).
    public var connectTimeout: Duration

    public init(source: Source, outputs: ViewerOutputConfiguration, audio: Bool = true, duration: Duration? = nil,
                statisticsPath: String? = nil, statusLine: Bool = false,
                reconnect: ReconnectBackoff = ReconnectBackoff(initial: .milliseconds(500), maximum: .seconds(30)),
                iceAddresses: ICEAgentConfiguration.LocalAddresses? = nil, connectTimeout: Duration = .seconds(30)) {
        self.source = source
        self.outputs = outputs
        self.audio = audio
        self.duration = duration
        self.statisticsPath = statisticsPath
        self.statusLine = statusLine
        self.reconnect = reconnect
        self.iceAddresses = iceAddresses ?? Self.defaultICEAddresses(forServerHost: source.host)
        self.connectTimeout = connectTimeout
    }

    /// Loopback servers are reached from loopback; everything else from real interfaces.
    public static func defaultICEAddresses(forServerHost host: String) -> ICEAgentConfiguration.LocalAddresses {
        switch host.lowercased() {
        case "localhost", "127.0.0.1": .only(["127.0.0.1"])
        case "::1": .only(["::1"])
        default: host.hasPrefix("127.") ? .only(["127.0.0.1"]) : .allInterfaces(includeLoopback: false)
        }
    }
}

extension ViewerWatchConfiguration.Source {
    /// The host the control plane talks to.
    public var host: String {
        switch self {
        case .camera(let camera): camera.endpoint.host
        case .whep(let endpoint): endpoint.host
        }
    }
}
