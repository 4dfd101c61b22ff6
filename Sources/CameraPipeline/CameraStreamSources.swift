/// How a stream opens its capture sources each time it starts: the test pattern and tone
/// now, V4L2 and ALSA devices later, all plugged in the same way.
///
/// The stream calls these on its capture threads when the first subscriber arrives and
/// drops the sources when the last one leaves, so a device is open only while someone
/// watches. Throwing from `makeVideo` means the camera is gone (`cameraGone`).
public struct CameraStreamSources: Sendable {
    public var makeVideo: @Sendable (CaptureStopSignal) throws -> any VideoFrameSource
    /// nil when the stream has no audio.
    public var makeAudio: (@Sendable (CaptureStopSignal) throws -> any AudioBlockSource)?

    public init(makeVideo: @escaping @Sendable (CaptureStopSignal) throws -> any VideoFrameSource,
                makeAudio: (@Sendable (CaptureStopSignal) throws -> any AudioBlockSource)? = nil) {
        self.makeVideo = makeVideo
        self.makeAudio = makeAudio
    }

    /// The synthetic camera and microphone, paced by `clock`.
    public static func testPattern(width: Int, height: Int, framesPerSecond: Int, audioChannelCount: Int? = 1,
                                   clock: any MediaPacingClock = MonotonicPacingClock()) -> CameraStreamSources {
        CameraStreamSources(
            makeVideo: { stop in
                TestPatternVideoSource(width: width, height: height, framesPerSecond: framesPerSecond, clock: clock, stop: stop)
            },
            makeAudio: audioChannelCount.map { channels in
                { @Sendable stop in ToneAudioSource(channelCount: channels, clock: clock, stop: stop) }
            })
    }
}

extension CameraStreamSources {
    /// A V4L2 camera and, optionally, an ALSA microphone (`audioDevice` nil for none).
    public static func devices(videoPath: String, width: Int, height: Int, framesPerSecond: Int,
                               audioDevice: String?, audioChannelCount: Int = 1) -> CameraStreamSources {
        CameraStreamSources(
            makeVideo: { stop in
                try V4L2VideoSource(path: videoPath, width: width, height: height, framesPerSecond: framesPerSecond, stop: stop)
            },
            makeAudio: audioDevice.map { device in
                { @Sendable stop in try ALSAAudioSource(device: device, channelCount: audioChannelCount, stop: stop) }
            })
    }
}
