import Media

/// A producer of 48 kHz PCM blocks at its own rate: the tone now, an ALSA device later.
/// Driven from its own capture thread like `VideoFrameSource`, with the same stop rule.
public protocol AudioBlockSource {
    var channelCount: Int { get }

    /// Waits for the next block and writes it into `block` (reused in place).
    /// - Returns: false when the stop signal was raised (no block written).
    /// - Throws: when the device failed or is gone; the audio then stops (`microphoneGone` in
    ///   `CameraStream.lastAudioFailure`) and the video goes on.
    mutating func nextBlock(into block: inout AudioFrame) throws -> Bool
}
