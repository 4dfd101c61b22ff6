/// Turns one track's capture times into Matroska block timestamps (milliseconds
/// from the recording's first unit) that never go backwards, as players and
/// the Cues require.
///
/// Repair rules, per track:
/// - Forward gaps are kept as they are: a viewer that reconnects keeps recording
///   and the pause shows as a gap (players hold the last picture).
/// - A unit less than `discontinuityThreshold` older than the previous one
///   (jitter, one reordered frame) is written 1 ms after the previous one.
/// - A jump back of `discontinuityThreshold` or more is a new clock (a source
///   restarted): that unit goes 1 ms after the previous one and later units keep
///   their spacing relative to it, instead of all being squashed together.
struct MatroskaTrackClock {
    static let discontinuityThreshold: Int64 = 1_000

    private(set) var lastTimestamp: Int64?
    private(set) var lastDuration: Int64 = 0
    private(set) var repairs = 0
    private var shift: Int64 = 0

    /// The block timestamp for a unit `milliseconds` after the recording's base time.
    mutating func place(_ milliseconds: Int64, duration: Int64?) -> Int64 {
        var timestamp = milliseconds + shift
        if let last = lastTimestamp, timestamp <= last {
            repairs += 1
            if last - timestamp >= Self.discontinuityThreshold {
                shift += last + 1 - timestamp
            }
            timestamp = last + 1
        }
        // Video has no duration of its own: use the spacing to the previous frame.
        lastDuration = duration ?? lastTimestamp.map { timestamp - $0 } ?? 0
        lastTimestamp = timestamp
        return timestamp
    }

    /// Where this track's last unit ends, for the segment Duration.
    var end: Int64 { (lastTimestamp ?? 0) + lastDuration }
}
