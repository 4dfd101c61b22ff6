import ArgumentParser
import Dispatch
import Foundation
import ICE
import Media
import PeerCamConfig
import Signaling
import ViewerPipeline
#if canImport(Glibc)
import Glibc
#endif

/// `viewer-agent watch [CAMERA]` or `viewer-agent watch --whep URL`: receive a stream and write
/// it to files, pipes and a recording, reconnecting when the link breaks.
struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch", abstract: "Watch a paired camera, or any WHEP server with --whep.",
        discussion: """
            Outputs: --video-out (Y4M), --audio-out (WAV, 48 kHz mono), --record (Matroska with the original \
            H264/Opus); `-` is standard output, a FIFO path waits up to 10 s for its reader. Ctrl-C or SIGTERM \
            hangs up and finalises every output. While media flowed, a lost camera is rejoined with jittered \
            exponential back-off (reconnect.* in viewer-agent.toml) and the same outputs continue.
            --whep: http:// only to a loopback host; https:// is checked against --fingerprint when given, \
            else against the system's trust roots. The token comes from --token or PEERCAM_WHEP_TOKEN.
            \(ViewerExitCode.helpText)
            """)

    @Argument(help: "The paired camera's name or id (default: default_camera, or the only paired camera).")
    var camera: String?

    @Option(help: "Stop after this many seconds (default: until Ctrl-C).")
    var duration: Double?

    @Option(name: .customLong("video-out"), help: "Decoded video as Y4M: a file, a FIFO, or - for stdout.")
    var videoOut: String?

    @Option(name: .customLong("audio-out"), help: "Decoded audio as WAV: a file, a FIFO, or - for stdout.")
    var audioOut: String?

    @Option(help: "Recording of the original H264 + Opus as Matroska (.mkv).")
    var record: String?

    @Option(name: .customLong("stats-json"), help: "Write statistics as JSON here when the watch ends.")
    var statsJSON: String?

    @Flag(name: .customLong("no-audio"), help: "Ask for video only.")
    var noAudio = false

    @Option(help: "Pull from this WHEP endpoint URL instead of a paired camera.")
    var whep: String?

    @Option(help: "Bearer token for --whep (or set PEERCAM_WHEP_TOKEN). Write --token=T: a token may start with '-'.")
    var token: String?

    @Option(help: "Pinned SHA-256 certificate fingerprint for an https:// --whep server.")
    var fingerprint: String?

    @Option(name: .customLong("status-line"), help: "auto (on a terminal), always or never (default from config: auto).")
    var statusLine: String?

    @Option(name: .customLong("ice-address"), help: "Local address for ICE host candidates (repeatable; default: every interface, or loopback for a loopback server).")
    var iceAddresses: [String] = []

    @Option(name: .customLong("connect-timeout"), help: "Seconds from the request to media connected.")
    var connectTimeout: Double = 30

    @OptionGroup var common: CommonOptions

    func validate() throws {
        if let duration, !(duration > 0 && duration.isFinite) { throw ValidationError("--duration must be a positive number of seconds") }
        guard connectTimeout > 0, connectTimeout.isFinite else { throw ValidationError("--connect-timeout must be positive") }
        if videoOut == "-" && audioOut == "-" { throw ValidationError("only one of --video-out and --audio-out can be - (stdout)") }
        if record == "-" && (videoOut == "-" || audioOut == "-") { throw ValidationError("only one output can be - (stdout)") }
        if noAudio && audioOut != nil { throw ValidationError("--audio-out needs audio; drop --no-audio") }
        if whep != nil && camera != nil { throw ValidationError("name a camera or give --whep, not both") }
        if whep == nil && token != nil { throw ValidationError("--token is for --whep; paired cameras use their stored token") }
        if let statusLine, ViewerAgentConfiguration.StatusLine(rawValue: statusLine) == nil {
            throw ValidationError("--status-line must be auto, always or never")
        }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let watch: ViewerWatch
        do throws(ViewerFailure) {
            let configuration = try common.resolve(environment: environment)
            watch = ViewerWatch(configuration: try watchConfiguration(configuration, environment: environment),
                                logger: CommonOptions.logger(configuration))
        } catch {
            throw CommandExit.fail(error)
        }
        let signals = Self.forwardSignals(to: watch)
        let outcome = await watch.run()
        signals.forEach { $0.cancel() }
        if let failure = outcome.failure { throw CommandExit.fail(failure) }
    }

    /// SIGINT and SIGTERM stop the watch cleanly instead of killing the process mid-write; a
    /// second one while that is under way exits at once (130), for a watch stuck on a dead peer.
    private static func forwardSignals(to watch: ViewerWatch) -> [any DispatchSourceSignal] {
        [(SIGINT, WatchStopReason.interrupted), (SIGTERM, .terminated)].map { number, reason in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                if watch.stopRequest.reason != nil { _exit(130) }
                watch.stop(reason)
            }
            source.resume()
            return source
        }
    }

    /// Everything the watch needs, checked: the source, the outputs, the limits.
    func watchConfiguration(_ configuration: ViewerAgentConfiguration, environment: [String: String])
        throws(ViewerFailure) -> ViewerWatchConfiguration {
        let source: ViewerWatchConfiguration.Source
        var pinned: CertificateFingerprint?
        if let fingerprint {
            do { pinned = try CertificateFingerprint(parsing: fingerprint) } catch {
                throw .usage("--fingerprint: not a SHA-256 fingerprint of 32 hex pairs")
            }
        }
        if let whep {
            let bearer = token ?? environment["PEERCAM_WHEP_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
            source = .whep(try WHEPEndpoint(url: whep, token: bearer, fingerprint: pinned))
        } else {
            if pinned != nil { throw .usage("--fingerprint is for --whep; paired cameras keep the one pinned at pairing") }
            let store = PairedCameraStore(directory: configuration.configDirectory)
            do {
                source = .camera(try store.camera(camera ?? configuration.defaultCamera).pairedCamera())
            } catch let error as PairedCameraStoreError {
                throw .usage(error.description)
            } catch let error as ViewerFailure {
                throw error
            } catch {
                throw .usage("\(error)")
            }
        }
        let outputs = ViewerOutputConfiguration(
            video: try destination(videoOut, in: configuration.output.directory),
            audio: try destination(audioOut, in: configuration.output.directory),
            recording: try destination(record, in: configuration.output.directory))
        let showStatus = switch statusLine.flatMap(ViewerAgentConfiguration.StatusLine.init(rawValue:)) ?? configuration.output.statusLine {
        case .always: true
        case .never: false
        case .auto: isatty(STDERR_FILENO) == 1
        }
        let statisticsPath: String? = if let statsJSON { try Self.path(statsJSON, in: configuration.output.directory) } else { nil }
        let reconnect = ReconnectBackoff(initial: .milliseconds(configuration.reconnect.initialDelayMilliseconds),
                                         maximum: .milliseconds(configuration.reconnect.maxDelayMilliseconds))
        return ViewerWatchConfiguration(
            source: source, outputs: outputs, audio: !noAudio, duration: duration.map { .milliseconds(Int64($0 * 1000)) },
            statisticsPath: statisticsPath,
            statusLine: showStatus, reconnect: reconnect,
            iceAddresses: iceAddresses.isEmpty ? nil : .only(iceAddresses),
            connectTimeout: .milliseconds(Int64(connectTimeout * 1000)))
    }

    /// `-` is standard output; anything else a path (relative ones under the output directory)
    /// whose directory must exist.
    private func destination(_ argument: String?, in directory: String) throws(ViewerFailure) -> SinkDestination? {
        guard let argument else { return nil }
        if argument == "-" { return .standardOutput }
        return .file(path: try Self.path(argument, in: directory))
    }

    static func path(_ argument: String, in directory: String) throws(ViewerFailure) -> String {
        guard !argument.isEmpty else { throw .usage("an output path is empty") }
        let path = argument.hasPrefix("/") ? argument : (directory == "." ? argument : directory + "/" + argument)
        let parent = (path as NSString).deletingLastPathComponent
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: parent.isEmpty ? "." : parent, isDirectory: &isDirectory),
              isDirectory.boolValue else {
            throw .usage("\(path): the directory \(parent) does not exist")
        }
        return path
    }
}
