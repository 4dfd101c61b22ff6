import CameraPipeline
import CoreMetrics
import Prometheus
import Synchronization

/// `GET /metrics`: the camera's figures in Prometheus text format.
///
/// Metrics are swift-metrics `Counter`s and `Recorder`s made through a
/// `PrometheusMetricsFactory` on this instance's own registry (not the process-global
/// one, so two agents in one test process do not mix). The figures live in the stream
/// host and the session hub; each scrape brings the metrics up to date (counters by the
/// growth since the last scrape) and renders the registry.
public final class CameraAgentMetrics: Sendable {
    private let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory
    private let state: Mutex<State>

    private struct State {
        var counters: [String: (CoreMetrics.Counter, Int64)] = [:]
        var gauges: [String: Recorder] = [:]
    }

    public init() {
        factory = PrometheusMetricsFactory(registry: registry)
        state = Mutex(State())
    }

    /// Updates every metric from the two snapshots and returns the exposition text.
    public func render(stream: CameraStreamCounters, sessions: CameraSessionHubSnapshot) -> String {
        gauge("peercam_sessions", ["state": "requested"], sessions.requested)
        gauge("peercam_sessions", ["state": "streaming"], sessions.streaming)
        gauge("peercam_viewers", [:], sessions.requested + sessions.streaming)
        gauge("peercam_capture_running", [:], stream.isRunning ? 1 : 0)
        gauge("peercam_stream_subscribers", ["stream": "main"], stream.subscriberCount)
        gauge("peercam_encoder_target_bitrate_bps", ["stream": "main"], stream.targetBitrate)
        for (reason, count) in sessions.endedByReason { counter("peercam_sessions_ended_total", ["reason": reason], count) }
        for (code, count) in sessions.refusedByCode { counter("peercam_sessions_refused_total", ["code": code], count) }
        counter("peercam_frames_captured_total", ["stream": "main"], Int(stream.framesCaptured))
        counter("peercam_frames_encoded_total", ["stream": "main"], Int(stream.framesEncoded))
        counter("peercam_keyframes_encoded_total", ["stream": "main"], Int(stream.keyframesEncoded))
        counter("peercam_audio_packets_encoded_total", ["stream": "main"], Int(stream.audioPacketsEncoded))
        counter("peercam_audio_failures_total", ["stream": "main"], Int(stream.audioFailures))
        let sent = sessions.senderTotals
        counter("peercam_packets_sent_total", ["kind": "video"], sent.videoPacketsSent)
        counter("peercam_packets_sent_total", ["kind": "audio"], sent.audioPacketsSent)
        counter("peercam_bytes_sent_total", ["kind": "video"], sent.videoBytesSent)
        counter("peercam_bytes_sent_total", ["kind": "audio"], sent.audioBytesSent)
        counter("peercam_nacks_received_total", [:], sent.nacksReceived)
        counter("peercam_plis_received_total", [:], sent.picturesLossIndications)
        counter("peercam_firs_received_total", [:], sent.fullIntraRequests)
        counter("peercam_retransmissions_total", [:], sent.retransmissions)
        counter("peercam_send_failures_total", [:], sent.sendFailures)
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    private static func key(_ name: String, _ labels: [String: String]) -> String {
        name + labels.sorted { $0.key < $1.key }.map { "|\($0.key)=\($0.value)" }.joined()
    }

    private func gauge(_ name: String, _ labels: [String: String], _ value: Int) {
        let recorder = state.withLock { state in
            let key = Self.key(name, labels)
            if let recorder = state.gauges[key] { return recorder }
            let recorder = Recorder(label: name, dimensions: labels.sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
                                    aggregate: false, factory: factory)
            state.gauges[key] = recorder
            return recorder
        }
        recorder.record(value)
    }

    /// Moves a counter up to `total` (a running total kept elsewhere).
    private func counter(_ name: String, _ labels: [String: String], _ total: Int) {
        let (counter, growth) = state.withLock { state -> (CoreMetrics.Counter, Int64) in
            let key = Self.key(name, labels)
            let (counter, last) = state.counters[key] ?? (
                CoreMetrics.Counter(label: name, dimensions: labels.sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
                                    factory: factory), 0)
            let growth = max(0, Int64(total) - last)
            state.counters[key] = (counter, max(last, Int64(total)))
            return (counter, growth)
        }
        // Created counters show at 0 even before anything happened.
        counter.increment(by: growth)
    }
}
