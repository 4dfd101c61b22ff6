import CameraPipeline
import Media
import Synchronization

/// Test pattern sources whose behaviour a test scripts: how many frames each one makes
/// before it idles (waits for stop) or fails like an unplugged camera. Counts every frame
/// any of its sources produced, so a test can prove capture stopped.
final class ScriptedVideoSources: Sendable {
    struct CameraUnplugged: Error {}

    let width: Int
    let height: Int
    let framesPerSecond: Int
    let clock: any MediaPacingClock
    /// Frames each source makes before it only waits for stop; nil for no limit.
    let frameLimit: Int?
    /// Sources made so far whose index is in here throw after `failAfterFrames` frames.
    let failingSourceIndexes: Set<Int>
    let failAfterFrames: Int
    private let made = Atomic(0)
    private let produced = Atomic(0)
    private let live = Atomic(0)

    init(width: Int = 320, height: Int = 240, framesPerSecond: Int = 30, clock: any MediaPacingClock = FreeRunningPacingClock(),
         frameLimit: Int? = nil, failingSourceIndexes: Set<Int> = [], failAfterFrames: Int = 0) {
        self.width = width
        self.height = height
        self.framesPerSecond = framesPerSecond
        self.clock = clock
        self.frameLimit = frameLimit
        self.failingSourceIndexes = failingSourceIndexes
        self.failAfterFrames = failAfterFrames
    }

    var sourcesMade: Int { made.load(ordering: .relaxed) }
    var framesProduced: Int { produced.load(ordering: .relaxed) }
    /// Sources made and not yet released: zero once every capture thread let go of its source.
    var liveSources: Int { live.load(ordering: .relaxed) }

    /// Lives as long as a source does, so releasing the source is observable.
    final class LifeToken: Sendable {
        let owner: ScriptedVideoSources
        init(owner: ScriptedVideoSources) {
            self.owner = owner
            owner.live.add(1, ordering: .relaxed)
        }
        deinit { owner.live.subtract(1, ordering: .relaxed) }
    }

    var sources: CameraStreamSources {
        CameraStreamSources(makeVideo: { [self] stop in
            let index = made.add(1, ordering: .relaxed).oldValue
            return Source(pattern: TestPatternVideoSource(width: width, height: height, framesPerSecond: framesPerSecond,
                                                          clock: clock, stop: stop),
                          owner: self, stop: stop, fails: failingSourceIndexes.contains(index), token: LifeToken(owner: self))
        })
    }

    private struct Source: VideoFrameSource {
        var pattern: TestPatternVideoSource
        let owner: ScriptedVideoSources
        let stop: CaptureStopSignal
        let fails: Bool
        let token: LifeToken
        var count = 0

        var width: Int { pattern.width }
        var height: Int { pattern.height }

        mutating func nextFrame(into frame: inout VideoFrame) throws -> Bool {
            if fails, count >= owner.failAfterFrames { throw CameraUnplugged() }
            if let limit = owner.frameLimit, count >= limit {
                _ = MonotonicPacingClock().sleep(until: MediaTime(nanoseconds: .max), unlessRaised: stop)
                return false
            }
            guard try pattern.nextFrame(into: &frame) else { return false }
            count += 1
            owner.produced.add(1, ordering: .relaxed)
            return true
        }
    }
}
