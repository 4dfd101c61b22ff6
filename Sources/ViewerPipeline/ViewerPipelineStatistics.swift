/// A snapshot of what a watch session received and made of it: the live status line
/// (fps, kbit/s, loss, RTT) and `viewer-agent watch --stats-json` at the end.
///
/// Counts are totals over the whole session, reconnects included; rates are over the last
/// second. "Lost" frames are the ones the pipeline itself knows it did not show: access
/// units discarded as incomplete, held back while waiting for a keyframe, or rejected by
/// the decoder. (Frames the sender never sent are invisible here; the test pattern's frame
/// index is how tests find those.)
public struct ViewerPipelineStatistics: Codable, Sendable, Equatable {
    /// Packet counters of one RTP stream (media and RTX together).
    public struct Stream: Codable, Sendable, Equatable {
        public var packetsReceived: Int64 = 0
        public var bytesReceived: Int64 = 0
        /// Packets never recovered: the buffer gave up waiting (after any NACKs).
        public var packetsLost: Int64 = 0
        public var duplicatesReceived: Int64 = 0
        /// Packets that arrived after the buffer had moved past them.
        public var packetsTooLate: Int64 = 0
        public var retransmissionsReceived: Int64 = 0
        /// RFC 3550 A.8 interarrival jitter.
        public var jitterMilliseconds: Double = 0
        /// Current reorder/jitter buffer wait.
        public var bufferDelayMilliseconds: Double = 0
        public var kilobitsPerSecond: Double = 0
        public init() {}
    }

    public struct Video: Codable, Sendable, Equatable {
        public var stream = Stream()
        public var framesDecoded: Int64 = 0
        public var keyframesDecoded: Int64 = 0
        /// `accessUnitsDiscarded + accessUnitsHeldBack + decodeFailures`.
        public var framesLost: Int64 = 0
        public var accessUnitsDiscarded: Int64 = 0
        public var accessUnitsHeldBack: Int64 = 0
        public var decodeFailures: Int64 = 0
        /// Sequence numbers asked for again, and the RTCP NACK packets that carried them.
        public var packetsNacked: Int64 = 0
        public var nacksSent: Int64 = 0
        public var pictureLossIndicationsSent: Int64 = 0
        public var framesPerSecond: Double = 0
        public init() {}
    }

    public struct Audio: Codable, Sendable, Equatable {
        public var stream = Stream()
        public var packetsDecoded: Int64 = 0
        public var samplesConcealed: Int64 = 0
        public var samplesRecoveredByFEC: Int64 = 0
        public var gapsNotConcealed: Int64 = 0
        public var decodeFailures: Int64 = 0
        public var malformedPackets: Int64 = 0
        public init() {}
    }

    /// From the pipeline's start to the first decoded picture; `nil` before it.
    public var timeToFirstFrameSeconds: Double?
    public var video: Video?
    public var audio: Audio?
    /// Measured NACK → retransmission time, or the one the caller supplied.
    public var roundTripTimeMilliseconds: Double?
    /// RTP packets refused (malformed, unknown stream).
    public var packetsRefused: Int64 = 0
    public var receiverReportsSent: Int64 = 0
    public var reconnects: Int = 0
    /// Outputs that stopped early, with the reason (e.g. the pipe's reader left).
    public var endedOutputs: [String: String] = [:]

    public init() {}
}
