#if canImport(Glibc)
import Glibc
#endif
import CALSA
import Media

extension ALSACaptureSession {
    /// Waits up to `timeout` for the next block and copies it into `frame`.
    ///
    /// `frame` is reused (reallocated only when its shape differs from the request).
    /// Its timestamp is the capture time of its first sample on the monotonic clock
    /// (see `AudioCaptureTimeline`: contiguous from block to block, resynchronised when
    /// the sound card's clock drifts away; an overrun restarts it).
    /// Its sequence number counts delivered blocks from 0 with no gaps.
    public func read(into frame: inout AudioFrame, timeout: MediaDuration) throws(AudioCaptureError) {
        let channels = request.channelCount, wanted = request.samplesPerBlock
        if frame.channelCount != channels || frame.samplesPerChannel != wanted { frame = makeFrame() }
        let deadline = MediaTime.now() + timeout
        var filled = 0
        var pollErrors = 0
        while filled < wanted {
            let result = frame.samples.withUnsafeMutableBufferPointer { samples -> Int in
                guard let base = samples.baseAddress else { return 0 }
                return snd_pcm_readi(pcm, base + filled * channels, snd_pcm_uframes_t(wanted - filled))
            }
            if result > 0 {
                filled += result
                pollErrors = 0
                continue
            }
            var code = Int32(clamping: result), call = "snd_pcm_readi"
            if code == -EAGAIN || code == 0 {
                code = try waitForAudio(until: deadline, timeout: timeout)
                if code == 0 { continue }
                call = "snd_pcm_wait"
                // POLLERR before the driver's state says why (a card in the middle of being
                // unplugged): the next read gets the precise error.
                if code == -EIO, pollErrors == 0 {
                    pollErrors += 1
                    continue
                }
            }
            if try recover(from: code, call: call) {
                // The samples before the overrun do not join up with those after it.
                statistics.discardedSamples += UInt64(filled)
                filled = 0
            }
        }
        frame.timestamp = nextTimestamp(samples: wanted)
        frame.sequenceNumber = statistics.deliveredBlocks
        statistics.deliveredBlocks += 1
        statistics.deliveredSamples += UInt64(wanted)
    }

    /// Waits in poll() (`snd_pcm_wait`) for at most the time left before `deadline`.
    /// Returns 0 when audio is ready, else the negative error code `snd_pcm_wait` gave.
    private func waitForAudio(until deadline: MediaTime, timeout: MediaDuration) throws(AudioCaptureError) -> Int32 {
        let remaining = deadline.since(MediaTime.now())
        let milliseconds = Int32(min(remaining.nanoseconds / 1_000_000, UInt64(Int32.max)))
        let ready = snd_pcm_wait(pcm, milliseconds)
        if ready > 0 { return 0 }
        if ready == 0 || (ready == -EAGAIN && milliseconds == 0) {
            if snd_pcm_state(pcm) == SND_PCM_STATE_DISCONNECTED { throw .deviceDisconnected(name: request.device) }
            throw .noAudioWithin(milliseconds: Int(timeout.nanoseconds / 1_000_000))
        }
        return ready == -EAGAIN ? 0 : ready
    }

    /// Recovers from an overrun (-EPIPE) or a suspend (-ESTRPIPE) so the stream goes on,
    /// returning true when audio was lost (the stream restarted); an interrupted wait
    /// returns false. Anything else ends the stream with a typed error.
    func recover(from code: Int32, call: String) throws(AudioCaptureError) -> Bool {
        switch -code {
        case EINTR, EAGAIN:
            return false
        case EPIPE:
            statistics.overruns += 1
        case ESTRPIPE:
            // The system suspended: resume where the hardware allows (up to a second), else restart.
            statistics.overruns += 1
            var resumed = snd_pcm_resume(pcm)
            for _ in 0..<100 where resumed == -EAGAIN {
                usleep(10_000)
                resumed = snd_pcm_resume(pcm)
            }
            if resumed == 0 {
                timeline.restart()
                return true
            }
        case ENODEV:
            throw .deviceDisconnected(name: request.device)
        case EBADFD where snd_pcm_state(pcm) == SND_PCM_STATE_DISCONNECTED,
             EIO where snd_pcm_state(pcm) == SND_PCM_STATE_DISCONNECTED:
            throw .deviceDisconnected(name: request.device)
        default:
            throw .alsa(ALSACallFailure(call: call, errno: -code))
        }
        timeline.restart()
        do {
            try ALSACall.check("snd_pcm_prepare") { snd_pcm_prepare(pcm) }
            try ALSACall.check("snd_pcm_start") { snd_pcm_start(pcm) }
        } catch {
            if error.errno == ENODEV { throw .deviceDisconnected(name: request.device) }
            throw .alsa(error)
        }
        return true
    }

    /// The capture time of the block just read, `samples` long: measured as now minus
    /// what ALSA still holds (`snd_pcm_delay`) minus the block, then smoothed by the timeline.
    private func nextTimestamp(samples: Int) -> MediaTime {
        var delay: snd_pcm_sframes_t = 0
        if snd_pcm_delay(pcm, &delay) < 0 || delay < 0 { delay = 0 }
        let age = (UInt64(delay) + UInt64(samples)) * 1_000_000_000 / UInt64(AudioFrame.sampleRate)
        let now = MediaTime.now()
        let measured = MediaTime(nanoseconds: now.nanoseconds - min(age, now.nanoseconds))
        let start = timeline.place(samples: samples, measuredStart: measured)
        statistics.clockResyncs = timeline.resyncs
        return start
    }
}
