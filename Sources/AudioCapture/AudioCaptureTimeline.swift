import Media

/// Turns "a block of N samples was just read" into the capture time of its first sample.
///
/// Each block follows on from the last by its sample count, so consecutive blocks are
/// exactly contiguous and the timeline carries no scheduling jitter. The sound card's
/// clock is not the monotonic clock, though: they drift apart (tens of ppm, a few
/// hundred ms per day), and a reader that runs ahead of real time (ALSA's `null` PCM)
/// would stamp blocks in the future. So every block is also measured against the
/// monotonic clock, and when the timeline strays from the measurement by more than
/// `tolerance` it restarts from the measurement (counted in `resyncs`) — never going
/// backwards past the previous block's start.
struct AudioCaptureTimeline {
    /// Jitter allowed between the sample-count timeline and the measurement.
    let tolerance: MediaDuration
    private(set) var resyncs: UInt64 = 0
    private var anchor: MediaTime?
    private var samplesSinceAnchor: UInt64 = 0
    private var previousStart: MediaTime?

    init(tolerance: MediaDuration = .milliseconds(40)) {
        self.tolerance = tolerance
    }

    /// Forgets the timeline after audio was lost (an overrun): the next block is placed
    /// by measurement alone. Not counted as a resync.
    mutating func restart() {
        anchor = nil
    }

    /// The start of a block of `samples` samples per channel whose first sample the
    /// caller measured at `measuredStart` (now − (delay + samples) / rate).
    mutating func place(samples: Int, measuredStart: MediaTime) -> MediaTime {
        let rate = UInt64(AudioFrame.sampleRate)
        var start = measuredStart
        if let anchor {
            let predicted = anchor + MediaDuration(nanoseconds: samplesSinceAnchor * 1_000_000_000 / rate)
            let apart = predicted > measuredStart ? predicted.since(measuredStart) : measuredStart.since(predicted)
            if apart <= tolerance {
                samplesSinceAnchor += UInt64(samples)
                previousStart = predicted
                return predicted
            }
            resyncs += 1
        }
        if let previousStart, start <= previousStart { start = previousStart + MediaDuration(nanoseconds: 1) }
        anchor = start
        samplesSinceAnchor = UInt64(samples)
        previousStart = start
        return start
    }
}
