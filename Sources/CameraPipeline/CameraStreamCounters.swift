/// A snapshot of one stream's activity since it last started, for `/metrics` and tests.
///
/// Counters cover the current run: they go back to zero when the stream stops (last
/// subscriber gone, camera gone, stopped), so "zero" after teardown means nothing is left
/// running. Frames are counted once per stream, however many subscribers there are.
public struct CameraStreamCounters: Sendable, Equatable {
    public var isRunning = false
    public var subscriberCount = 0
    public var framesCaptured: UInt64 = 0
    public var framesEncoded: UInt64 = 0
    public var keyframesEncoded: UInt64 = 0
    /// IDRs the stream asked the encoder for (joins plus admitted PLI/FIR).
    public var keyframesForced: UInt64 = 0
    /// PLI/FIR requests held back or merged by the rate limit.
    public var keyframeRequestsCoalesced: UInt64 = 0
    public var audioBlocksCaptured: UInt64 = 0
    public var audioPacketsEncoded: UInt64 = 0
    public var videoPacketsProduced: UInt64 = 0
    public var videoBytesProduced: UInt64 = 0
    public var audioPacketsProduced: UInt64 = 0
    public var audioBytesProduced: UInt64 = 0
    /// Times the audio stopped because the microphone or Opus failed (video went on).
    public var audioFailures: UInt64 = 0
    /// What the H264 rate control currently aims at, in bits per second.
    public var targetBitrate = 0

    public init() {}
}
