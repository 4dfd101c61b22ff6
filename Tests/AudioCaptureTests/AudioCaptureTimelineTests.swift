import Media
import Testing
@testable import AudioCapture

/// The audio timeline is pure: feed it measured block starts, check what it stamps.
struct AudioCaptureTimelineTests {
    nonisolated static func ms(_ value: UInt64) -> MediaTime { MediaTime(nanoseconds: 1_000_000_000 + value * 1_000_000) }

    @Test("measurement jitter within the tolerance leaves blocks exactly contiguous")
    func jitterIsSmoothed() {
        var timeline = AudioCaptureTimeline()
        // 20 ms blocks measured with ±15 ms of scheduling jitter.
        let measured: [UInt64] = [0, 35, 28, 60, 95, 100]
        let stamps = measured.map { timeline.place(samples: 960, measuredStart: Self.ms($0)) }
        #expect(stamps == [0, 20, 40, 60, 80, 100].map(Self.ms))
        #expect(timeline.resyncs == 0)
    }

    @Test("drift beyond the tolerance resynchronises to the measurement, counted", arguments: [
        // (measured start of the 4th block, stamped start, resyncs); its predicted start is 60 ms.
        (ms(99), ms(60), 0),                                // 39 ms off: stays on the sample timeline
        (ms(101), ms(101), 1),                              // sound card slower than the monotonic clock
        (ms(15), ms(40) + MediaDuration(nanoseconds: 1), 1), // reader ran ahead: back, but after block 3's start
    ] as [(MediaTime, MediaTime, UInt64)])
    func driftResyncs(measured: MediaTime, stamped: MediaTime, resyncs: UInt64) {
        var timeline = AudioCaptureTimeline()
        for start: UInt64 in [0, 20, 40] { _ = timeline.place(samples: 960, measuredStart: Self.ms(start)) }
        let stamp = timeline.place(samples: 960, measuredStart: measured)
        #expect(stamp == stamped)
        #expect(timeline.resyncs == resyncs)
        // The block after follows on from the new position.
        #expect(timeline.place(samples: 960, measuredStart: stamp + .milliseconds(20)) == stamp + .milliseconds(20))
    }

    @Test("a restart after an overrun places the next block by measurement, not counted as a resync")
    func restartAfterOverrun() {
        var timeline = AudioCaptureTimeline()
        _ = timeline.place(samples: 960, measuredStart: Self.ms(0))
        _ = timeline.place(samples: 960, measuredStart: Self.ms(20))
        timeline.restart()
        #expect(timeline.place(samples: 960, measuredStart: Self.ms(500)) == Self.ms(500))
        #expect(timeline.resyncs == 0)
    }
}
