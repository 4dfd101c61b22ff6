// capture-check: exercises VideoCapture and AudioCapture against real kernel drivers
// (vivid, snd-aloop) inside the VM that scripts/test-capture-vm boots, and prints one
// line per check for the script to parse:
//   PROBE_JSON {…}
//   VIDEO_RESULT source=any frames=25 width=640 height=480 format=YU12 from=YU12 fps=25.00 …
//   AUDIO_RESULT samples=48000 seconds=1.00 channels=2 xruns=1 after_xrun=24000 …
//   BUSY_RESULT video=deviceBusy audio=deviceBusy
//   TIMEOUT_RESULT outcome=noFrameWithin waited_ms=100 …
//   UNPLUG_RESULT kind=video outcome=deviceDisconnected units=12 again=deviceDisconnected …
// Modes: (default) the checks above; --play-tone feeds snd-aloop; --unplug-audio and
// --unplug-video read until the script unbinds the driver; --probe only probes.
#if canImport(Glibc)
import Glibc
#endif
import CaptureProbe
import FoundationEssentials

func runChecks(_ options: CaptureCheckOptions) -> Bool {
    let report = CaptureDeviceReport.probe()
    print(report)
    if let json = try? JSONEncoder().encode(report) {
        print("PROBE_JSON " + String(decoding: json, as: UTF8.self))
    }
    if options.mode == .probe { return true }
    var passed = true
    for format in options.videoSourceFormats {
        do {
            let outcome = try VideoCheck.run(options, sourceFormat: format)
            let negotiated = outcome.negotiated
            print("VIDEO_RESULT source=\(format) frames=\(outcome.frames) width=\(negotiated.width) height=\(negotiated.height)"
                  + " format=\(negotiated.deliveredFormat) from=\(negotiated.mode.pixelFormat)"
                  + " negotiated_fps=\(negotiated.framesPerSecond) fps=\(outcome.framesPerSecond)"
                  + " driver_fps=\(outcome.driverFramesPerSecond)"
                  + " distinct_luma=\(outcome.distinctLumaValues) mean_y=\(Int(outcome.planeMeans.y.rounded()))"
                  + " mean_u=\(Int(outcome.planeMeans.u.rounded())) mean_v=\(Int(outcome.planeMeans.v.rounded())) driver_dropped=\(outcome.statistics.driverDroppedFrames)"
                  + " corrupt=\(outcome.statistics.corruptBuffers) reallocations=\(outcome.reallocations)"
                  + " stall_dropped=\(outcome.stallDropped)")
        } catch {
            print("VIDEO_RESULT source=\(format) error=\"\(error)\"")
            passed = false
        }
    }
    do {
        let outcome = try AudioCheck.run(options)
        print("AUDIO_RESULT samples=\(outcome.samples) seconds=\(outcome.seconds) channels=\(options.audioChannels)"
              + " period=\(outcome.periodSize) xruns=\(outcome.statistics.overruns) after_xrun=\(outcome.samplesAfterOverrun)"
              + " discarded=\(outcome.statistics.discardedSamples) tone_hz=\(outcome.toneHertz) peak=\(outcome.peak)"
              + " reallocations=\(outcome.reallocations) resyncs=\(outcome.statistics.clockResyncs)")
    } catch {
        print("AUDIO_RESULT error=\"\(error)\"")
        passed = false
    }
    print(BusyCheck.run(options))
    print(VideoCheck.timeout(options))
    return passed
}

do {
    let options = try CaptureCheckOptions(arguments: CommandLine.arguments)
    switch options.mode {
    case .unplugVideo: print(VideoCheck.untilUnplugged(options))
    case .unplugAudio: print(AudioCheck.untilUnplugged(options))
    case .playTone:
        do { try AudioCheck.playTone(options) } catch { print("TONE_FAILED \(error)"); exit(1) }
    case .check, .probe: exit(runChecks(options) ? 0 : 1)
    }
} catch {
    print("capture-check: \(error)")
    exit(2)
}
