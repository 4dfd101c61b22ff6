import DTLS
import Foundation
import Logging
import Synchronization
import ViewerPipeline
import WebRTC

/// One `viewer-agent watch`: sessions with a camera (signaling) or a WHEP server, one after
/// another when the link breaks, all writing the same outputs, until `--duration`, a signal,
/// or a failure that retrying cannot fix.
///
/// ```swift
/// let watch = ViewerWatch(configuration: configuration, logger: logger)
/// // from a signal handler: watch.stop(.interrupted)
/// let outcome = await watch.run()
/// exit(outcome.exitCode.rawValue)
/// ```
///
/// Reconnects: once a session has had media, a session that ends with the camera gone
/// (signaling lost, `camera-gone`, `shutdown`), ICE/DTLS failure or a timeout is followed by
/// a fresh session after a bounded, jittered exponential back-off (``ReconnectBackoff``);
/// `ViewerPipeline.resetForReconnect` keeps the outputs open with monotonic timestamps.
/// Authorization failures are never retried. There is no ICE restart (protocol version 1 and
/// `PeerConnection` have none): a fresh session is the recovery.
public final class ViewerWatch: Sendable {
    public let configuration: ViewerWatchConfiguration
    public let stopRequest: WatchStopRequest
    private let logger: Logger
    private let state = Mutex("idle")

    public init(configuration: ViewerWatchConfiguration, logger: Logger, stopRequest: WatchStopRequest = WatchStopRequest()) {
        self.configuration = configuration
        self.logger = logger
        self.stopRequest = stopRequest
    }

    /// Ends the watch cleanly (hang-up sent, outputs finalised); safe from any thread.
    public func stop(_ reason: WatchStopReason = .interrupted) { stopRequest.fire(reason) }

    /// The state the status line shows: `idle`, `connecting`, `active`, `reconnecting`, `ended`.
    public var currentState: String { state.withLock { $0 } }

    /// Runs the watch to its end and writes `--stats-json`; never throws.
    public func run() async -> ViewerWatchOutcome {
        let start = ContinuousClock.now
        let pipeline = ContinuingViewerPipeline(outputs: configuration.outputs, watchStart: start, logger: logger)
        var sessionsActive = 0
        var sessions = 0
        var last = WatchSessionOutcome.failed(.stream("no session ran"), retryable: false)
        let certificate: DTLSCertificate
        do { certificate = try DTLSCertificate.generate(commonName: "PeerCam viewer") } catch {
            return finish(pipeline: pipeline, start: start, last: .failed(.stream("cannot make a DTLS certificate: \(error)"),
                                                                          retryable: false), sessions: 0, sessionsActive: 0)
        }
        var peerConfiguration = PeerConnectionConfiguration(certificate: certificate, localAddresses: configuration.iceAddresses)
        peerConfiguration.connectionTimeout = configuration.connectTimeout
        let settings = WatchSessionSettings(
            pipeline: pipeline, stop: stopRequest, peerConnectionConfiguration: peerConfiguration,
            audio: configuration.audio, connectTimeout: configuration.connectTimeout, logger: logger,
            onStateChange: { [self] name in state.withLock { $0 = name } })
        await withTaskGroup(of: Void.self) { group in
            if let duration = configuration.duration {
                let stop = stopRequest
                group.addTask {
                    guard (try? await Task.sleep(for: duration)) != nil else { return }
                    stop.fire(.durationReached)
                }
            }
            if configuration.statusLine {
                group.addTask { [self] in await showStatus(pipeline: pipeline) }
            }
            var backoff = configuration.reconnect
            while true {
                state.withLock { $0 = "connecting" }
                last = await runSession(settings)
                sessions += 1
                if last.reachedActive {
                    sessionsActive += 1
                    backoff.reset()
                }
                if stopRequest.reason != nil { break }
                guard last.retryable, sessionsActive > 0 else { break }
                let delay = backoff.nextDelay()
                logger.warning("stream lost; reconnecting", metadata: [
                    "reason": "\(last.failure?.description ?? last.endReason.description)",
                    "in_ms": "\(delay / .milliseconds(1))", "attempt": "\(backoff.attempt)"])
                state.withLock { $0 = "reconnecting" }
                if await sleepUnlessStopped(delay) { break }
            }
            state.withLock { $0 = "ended" }
            group.cancelAll()
        }
        return finish(pipeline: pipeline, start: start, last: last, sessions: sessions, sessionsActive: sessionsActive)
    }

    private func runSession(_ settings: WatchSessionSettings) async -> WatchSessionOutcome {
        switch configuration.source {
        case .camera(let camera): await SignalingWatchSession(camera: camera, settings: settings).run()
        case .whep(let endpoint): await WHEPWatchSession(endpoint: endpoint, settings: settings).run()
        }
    }

    /// Sleeps `delay`; returns true if the watch was stopped meanwhile.
    private func sleepUnlessStopped(_ delay: Duration) async -> Bool {
        let stop = stopRequest
        return await withTaskGroup(of: Bool.self) { group in
            group.addTask { await stop.wait() != nil }
            group.addTask {
                try? await Task.sleep(for: delay)
                return false
            }
            let stopped = await group.next() ?? false
            group.cancelAll()
            return stopped || stop.reason != nil
        }
    }

    /// Redraws the status line on standard error once a second until cancelled.
    private func showStatus(pipeline: ContinuingViewerPipeline) async {
        while (try? await Task.sleep(for: .seconds(1))) != nil {
            let statistics = pipeline.statistics
            let line = WatchStatusLine.text(state: currentState, statistics: statistics, reconnects: statistics.reconnects)
            FileHandle.standardError.write(Data(("\r\u{1B}[2K" + line).utf8))
        }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }

    /// Finalises the outputs, decides the exit code, writes the statistics file.
    private func finish(pipeline: ContinuingViewerPipeline, start: ContinuousClock.Instant, last: WatchSessionOutcome,
                        sessions: Int, sessionsActive: Int) -> ViewerWatchOutcome {
        pipeline.finish()
        let stoppedBy = stopRequest.reason
        var failure: ViewerFailure? = last.failure
        if stoppedBy != nil {
            // Stopped on purpose: success if media ever flowed; otherwise say why it never did.
            failure = sessionsActive > 0 ? nil
                : (last.failure ?? .stream("the watch was stopped before any media arrived"))
        }
        let statistics = pipeline.statistics
        let elapsed = ContinuousClock.now - start
        let exitCode = failure?.exitCode ?? .success
        let report = ViewerWatchReport(
            source: { if case .whep = configuration.source { "whep" } else { "signaling" } }(),
            state: "ended", endReason: last.endReason.code, stoppedBy: stoppedBy, failure: failure?.description,
            exitCode: exitCode.rawValue,
            durationSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
            timeToFirstFrameSeconds: statistics.timeToFirstFrameSeconds,
            framesDecoded: statistics.video?.framesDecoded ?? 0, framesLost: statistics.video?.framesLost ?? 0,
            audioPacketsDecoded: statistics.audio?.packetsDecoded ?? 0,
            bytesReceived: (statistics.video?.stream.bytesReceived ?? 0) + (statistics.audio?.stream.bytesReceived ?? 0),
            packetsLost: (statistics.video?.stream.packetsLost ?? 0) + (statistics.audio?.stream.packetsLost ?? 0),
            reconnects: max(0, sessions - 1), sessionsActive: sessionsActive, pipeline: statistics)
        var outcome = ViewerWatchOutcome(exitCode: exitCode, failure: failure, report: report)
        if let path = configuration.statisticsPath {
            do { try report.encoded().write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
                logger.error("cannot write the statistics file", metadata: ["path": "\(path)", "error": "\(error)"])
                if outcome.failure == nil {
                    outcome.failure = .usage("\(path): cannot write the statistics: \(error)")
                    outcome.exitCode = .usage
                }
            }
        }
        logger.info("watch ended", metadata: [
            "exit": "\(outcome.exitCode.rawValue)", "frames": "\(report.framesDecoded)", "reason": "\(report.endReason)"])
        return outcome
    }
}

/// How a watch ended: the exit code `viewer-agent` returns, the failure (nil on success) and
/// the statistics that `--stats-json` got.
public struct ViewerWatchOutcome: Sendable {
    public var exitCode: ViewerExitCode
    public var failure: ViewerFailure?
    public var report: ViewerWatchReport
}
