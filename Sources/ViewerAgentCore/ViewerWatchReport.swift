import Foundation
import ViewerPipeline

/// What `watch --stats-json` writes when a watch ends: the figures a script or a person wants
/// first (time to first frame, frames, loss, bytes, why it ended, reconnects) at the top,
/// and the pipeline's full statistics below them.
public struct ViewerWatchReport: Codable, Sendable {
    /// `signaling` (a paired camera) or `whep`.
    public var source: String
    /// The state the watch ended in: always `ended` once written.
    public var state: String
    /// The last session's end reason (`hangup` after Ctrl-C or `--duration`).
    public var endReason: String
    /// What stopped the watch from outside, if anything (`interrupted`, `terminated`, `durationReached`).
    public var stoppedBy: WatchStopReason?
    /// The failure that ended the watch, for a person; nil on success.
    public var failure: String?
    public var exitCode: Int32
    public var durationSeconds: Double
    /// From the start of the watch (before signaling connects) to the first decoded picture.
    public var timeToFirstFrameSeconds: Double?
    public var framesDecoded: Int64
    public var framesLost: Int64
    public var audioPacketsDecoded: Int64
    /// RTP bytes received, video and audio, all sessions.
    public var bytesReceived: Int64
    public var packetsLost: Int64
    /// Sessions started after the first one.
    public var reconnects: Int
    /// Sessions that reached media.
    public var sessionsActive: Int
    public var pipeline: ViewerPipelineStatistics

    /// Encodes as sorted, pretty JSON.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }
}
