import AudioCapture
import Media

/// An ALSA capture device as an `AudioBlockSource`: opened when the stream starts, read in
/// short slices so a raised stop signal is seen quickly; a device that stays silent past
/// `stallLimit` is reported gone.
public final class ALSAAudioSource: AudioBlockSource {
    private let session: ALSACaptureSession
    private let stop: CaptureStopSignal
    private let stallLimitMilliseconds: Int
    private static let pollSliceMilliseconds = 100

    public init(device: String, channelCount: Int, stop: CaptureStopSignal,
                stallLimitMilliseconds: Int = 3000) throws {
        session = try ALSACaptureSession(request: AudioCaptureRequest(device: device, channelCount: channelCount))
        self.stop = stop
        self.stallLimitMilliseconds = stallLimitMilliseconds
    }

    public var channelCount: Int { session.request.channelCount }

    public func nextBlock(into block: inout AudioFrame) throws -> Bool {
        var waitedMilliseconds = 0
        while !stop.isRaised {
            do {
                try session.read(into: &block, timeout: .milliseconds(UInt64(Self.pollSliceMilliseconds)))
                return true
            } catch .noAudioWithin {
                waitedMilliseconds += Self.pollSliceMilliseconds
                if waitedMilliseconds >= stallLimitMilliseconds { throw AudioCaptureError.noAudioWithin(milliseconds: stallLimitMilliseconds) }
            }
        }
        return false
    }
}
