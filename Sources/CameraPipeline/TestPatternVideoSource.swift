import Media

/// `TestPatternSource` as a `VideoFrameSource`: each frame is handed out when its
/// presentation time comes on `clock`, so the pattern behaves like a camera at its frame
/// rate (or, on `FreeRunningPacingClock`, as fast as the encoder goes).
public struct TestPatternVideoSource: VideoFrameSource {
    private var pattern: TestPatternSource
    private let clock: any MediaPacingClock
    private let stop: CaptureStopSignal

    public init(width: Int, height: Int, framesPerSecond: Int, clock: any MediaPacingClock = MonotonicPacingClock(),
                stop: CaptureStopSignal) {
        pattern = TestPatternSource(width: width, height: height, framesPerSecond: framesPerSecond, startTime: clock.now())
        self.clock = clock
        self.stop = stop
    }

    public var width: Int { pattern.width }
    public var height: Int { pattern.height }

    public mutating func nextFrame(into frame: inout VideoFrame) throws -> Bool {
        let due = pattern.presentationTime(ofFrame: pattern.nextSequenceNumber)
        guard clock.sleep(until: due, unlessRaised: stop) else { return false }
        pattern.nextFrame(into: &frame)
        return true
    }
}
