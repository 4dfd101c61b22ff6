import Media

/// The fan-out at the end of the viewer pipeline: decoded pictures to Y4M, decoded audio
/// to WAV, original access units and Opus packets to Matroska.
///
/// Outputs fail independently: a pipe whose reader quit (`ffplay` closed) or a full disk
/// ends that output, reports the reason once through `onEnded` and in `endedOutputs`,
/// and the other outputs carry on. A reconnect keeps every output open.
///
/// - Important: Not thread-safe; owned by the task that runs the pipeline.
public final class ViewerOutputs {
    private let configuration: ViewerOutputConfiguration
    private var y4m: Y4MWriter?
    private var wav: WAVWriter?
    private var matroska: MatroskaWriter?
    private var y4mPending: Bool
    private let onEnded: (ViewerOutputKind, String) -> Void
    /// Outputs that stopped early, with the reason.
    public private(set) var endedOutputs: [ViewerOutputKind: String] = [:]

    /// Opens the WAV and Matroska outputs at once (so a bad path fails the command before
    /// streaming starts); the Y4M output waits for the first picture's size.
    /// - Parameters:
    ///   - hasVideo, audioChannelCount: the tracks the recording declares.
    ///   - onEnded: told once per output that stops early (log it).
    public init(configuration: ViewerOutputConfiguration, hasVideo: Bool, audioChannelCount: Int?,
                onEnded: @escaping (ViewerOutputKind, String) -> Void = { _, _ in }) throws {
        self.configuration = configuration
        self.onEnded = onEnded
        y4mPending = configuration.video != nil && hasVideo
        if let destination = configuration.audio, let channels = audioChannelCount {
            wav = try WAVWriter(destination: destination, channelCount: channels)
        }
        if let destination = configuration.recording, hasVideo || audioChannelCount != nil {
            matroska = try MatroskaWriter(destination: destination,
                                          layout: MatroskaTrackLayout(hasVideo: hasVideo, audioChannelCount: audioChannelCount))
        }
    }

    public var framesWrittenToVideo: Int { y4m?.framesWritten ?? 0 }
    public var recordingStatistics: MatroskaWriterStatistics? { matroska?.statistics }

    func write(picture frame: VideoFrame) {
        if y4mPending, let destination = configuration.video {
            y4mPending = false
            do {
                y4m = try Y4MWriter(destination: destination, width: frame.width, height: frame.height,
                                    frameRate: configuration.videoFrameRate)
            } catch {
                end(.video, because: error)
                return
            }
        }
        guard let writer = y4m else { return }
        do { try writer.write(frame) } catch {
            y4m = nil
            try? writer.close()
            end(.video, because: error)
        }
    }

    func write(audio block: AudioFrame) {
        guard let writer = wav else { return }
        do { try writer.write(block) } catch {
            wav = nil
            try? writer.close()
            end(.audio, because: error)
        }
    }

    func record(video unit: EncodedVideoFrame) {
        guard let writer = matroska else { return }
        do { try writer.append(unit) } catch { recordingFailed(writer, error) }
    }

    func record(audio packet: EncodedAudioPacket) {
        guard let writer = matroska else { return }
        do { try writer.append(packet) } catch { recordingFailed(writer, error) }
    }

    /// Units the recorder refused for their content (not for I/O), e.g. a keyframe whose
    /// parameter sets were unusable; the recording goes on without them.
    public private(set) var recordingUnitsRefused = 0

    /// Finishes every open output (patches WAV sizes, writes Matroska cues and duration).
    /// Safe to call more than once.
    public func close() {
        if let writer = y4m { y4m = nil; do { try writer.close() } catch { end(.video, because: error) } }
        if let writer = wav { wav = nil; do { try writer.close() } catch { end(.audio, because: error) } }
        if let writer = matroska { matroska = nil; do { try writer.close() } catch { end(.recording, because: error) } }
        y4mPending = false
    }

    private func recordingFailed(_ writer: MatroskaWriter, _ error: any Error) {
        guard error is SinkOutputError else {
            recordingUnitsRefused += 1
            return
        }
        matroska = nil
        try? writer.close()  // keep what was written readable
        end(.recording, because: error)
    }

    private func end(_ kind: ViewerOutputKind, because error: any Error) {
        guard endedOutputs[kind] == nil else { return }
        let reason = String(describing: error)
        endedOutputs[kind] = reason
        onEnded(kind, reason)
    }
}
