import CameraPipeline
import H264
import MediaSession
import Logging
import PeerCamConfig
import Synchronization
import VideoCapture

/// The camera's one stream ("main"): one capture, one H264 encoder, one Opus encoder and
/// one NACK history, shared by every session. Capture runs only while someone watches
/// (`CameraStream` starts on the first subscriber and stops after the last).
///
/// `CameraStream.counters` restart from zero each time capture starts; this host adds each
/// finished run into running totals, so `/metrics` counters only ever grow.
public final class CameraStreamHost: Sendable {
    public static let streamName = "main"

    public let stream: CameraStream
    public let feedback: CameraStreamFeedback
    /// Bitrates the congestion controller may choose between for the encoder.
    public let bitrateRange: ClosedRange<Int>
    private let totals = Mutex(CumulativeCameraCounters())

    /// - Parameter sources: replaces the configured capture sources (tests unplug a camera
    ///   this way); nil uses `video.device` and `audio.device`.
    public init(configuration: CameraAgentConfiguration, sources: CameraStreamSources? = nil,
                logger: Logger = Logger(label: "peercam.camera-agent")) throws {
        var configuration = configuration
        if sources == nil { configuration.video.size = Self.deliverableSize(configuration.video, logger: logger) }
        let video = configuration.video
        let hasAudio = configuration.audio.device != .none
        let streamConfiguration = CameraStreamConfiguration(
            name: Self.streamName,
            video: CameraStreamRTPParameters(ssrc: .random(in: 1 ... .max), payloadType: 102, clockRate: 90_000,
                                             initialSequenceNumber: .random(in: .min ... .max)),
            videoEncoder: H264EncoderConfiguration(width: video.size.width, height: video.size.height,
                                                   framesPerSecond: Double(video.framesPerSecond),
                                                   targetBitrate: video.bitrate),
            audio: hasAudio ? CameraStreamRTPParameters(ssrc: .random(in: 1 ... .max), payloadType: 111, clockRate: 48_000,
                                                        initialSequenceNumber: .random(in: .min ... .max)) : nil,
            subscriberLimit: configuration.viewers.maxPerStream)
        // The controller may go well below the configured start rate on a bad link, and up
        // to twice it on a good one, never past what OpenH264 accepts comfortably.
        bitrateRange = min(150_000, video.bitrate) ... max(video.bitrate, min(2 * video.bitrate, 8_000_000))
        feedback = CameraStreamFeedback(configuration: streamConfiguration, bitrateRange: bitrateRange)
        stream = try CameraStream(configuration: streamConfiguration, sources: sources ?? Self.sources(for: configuration),
                                  packetObserver: feedback)
    }

    /// The size the camera really delivers when asked for the configured one: the encoder
    /// must be set up for it, and the V4L2 source refuses frames of another size. A camera
    /// that is absent or busy at start-up keeps the configured size (checked again when
    /// capture starts).
    static func deliverableSize(_ video: CameraAgentConfiguration.Video, logger: Logger) -> VideoSize {
        guard case .device(let path) = video.device else { return video.size }
        let request = VideoCaptureRequest(width: video.size.width, height: video.size.height,
                                          framesPerSecond: Double(video.framesPerSecond))
        guard let session = try? V4L2CaptureSession(path: path, request: request) else { return video.size }
        defer { session.stop() }
        let negotiated = VideoSize(width: session.negotiated.width, height: session.negotiated.height)
        if negotiated != video.size {
            logger.warning("the camera does not offer the configured size; using the nearest it has", metadata: [
                "device": "\(path)", "configured": "\(video.size)", "using": "\(negotiated)"])
        }
        return negotiated
    }

    static func sources(for configuration: CameraAgentConfiguration) -> CameraStreamSources {
        let video = configuration.video
        let audioDevice: String?
        switch configuration.audio.device {
        case .none, .testTone: audioDevice = nil
        case .alsa(let name): audioDevice = name
        }
        switch video.device {
        case .testPattern:
            var sources = CameraStreamSources.testPattern(width: video.size.width, height: video.size.height,
                                                          framesPerSecond: video.framesPerSecond,
                                                          audioChannelCount: configuration.audio.device == .testTone ? 1 : nil)
            if let audioDevice {
                sources.makeAudio = { stop in try ALSAAudioSource(device: audioDevice, channelCount: 1, stop: stop) }
            }
            return sources
        case .device(let path):
            var sources = CameraStreamSources.devices(videoPath: path, width: video.size.width, height: video.size.height,
                                                      framesPerSecond: video.framesPerSecond, audioDevice: audioDevice)
            if configuration.audio.device == .testTone {
                sources.makeAudio = CameraStreamSources.testPattern(width: 16, height: 16, framesPerSecond: 1).makeAudio
            }
            return sources
        }
    }

    /// Totals since the agent started (runs added up), with the live gauges of the current run.
    public var counters: CameraStreamCounters {
        let current = stream.counters
        return totals.withLock { $0.observe(current) }
    }
}

/// Adds up `CameraStreamCounters` across capture runs: a run's counters only grow, so a
/// snapshot smaller than the last one means a new run began and the last one is banked.
struct CumulativeCameraCounters {
    private var banked = CameraStreamCounters()
    private var lastSeen = CameraStreamCounters()

    mutating func observe(_ current: CameraStreamCounters) -> CameraStreamCounters {
        if current.framesCaptured < lastSeen.framesCaptured || current.videoPacketsProduced < lastSeen.videoPacketsProduced
            || current.audioBlocksCaptured < lastSeen.audioBlocksCaptured {
            banked = Self.sum(banked, lastSeen)
        }
        lastSeen = current
        var total = Self.sum(banked, current)
        total.isRunning = current.isRunning
        total.subscriberCount = current.subscriberCount
        total.targetBitrate = current.targetBitrate
        return total
    }

    private static func sum(_ a: CameraStreamCounters, _ b: CameraStreamCounters) -> CameraStreamCounters {
        var sum = CameraStreamCounters()
        sum.framesCaptured = a.framesCaptured + b.framesCaptured
        sum.framesEncoded = a.framesEncoded + b.framesEncoded
        sum.keyframesEncoded = a.keyframesEncoded + b.keyframesEncoded
        sum.keyframesForced = a.keyframesForced + b.keyframesForced
        sum.keyframeRequestsCoalesced = a.keyframeRequestsCoalesced + b.keyframeRequestsCoalesced
        sum.audioBlocksCaptured = a.audioBlocksCaptured + b.audioBlocksCaptured
        sum.audioPacketsEncoded = a.audioPacketsEncoded + b.audioPacketsEncoded
        sum.videoPacketsProduced = a.videoPacketsProduced + b.videoPacketsProduced
        sum.videoBytesProduced = a.videoBytesProduced + b.videoBytesProduced
        sum.audioPacketsProduced = a.audioPacketsProduced + b.audioPacketsProduced
        sum.audioBytesProduced = a.audioBytesProduced + b.audioBytesProduced
        sum.audioFailures = a.audioFailures + b.audioFailures
        return sum
    }
}
