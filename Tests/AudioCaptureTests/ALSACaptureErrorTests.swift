#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import AudioCapture

/// Opening the wrong thing must fail with the error that says what is wrong, through the
/// real alsa-lib (this host has no sound card; the VM test covers real drivers).
struct ALSACaptureErrorTests {
    @Test("a PCM on a card that does not exist is deviceMissing", arguments: [
        "hw:CARD=PeerCamNoSuchCard,DEV=0", "hw:29,0", "plughw:29,0", "peercam_no_such_pcm",
    ])
    func missingDevice(name: String) {
        #expect(throws: AudioCaptureError.deviceMissing(name: name)) {
            try ALSACaptureSession(request: AudioCaptureRequest(device: name, channelCount: 2))
        }
    }

    @Test("channel counts and block lengths PeerCam does not use are refused before touching ALSA", arguments: [
        (3, 20, "3 channels (PeerCam takes 1 or 2)"),
        (0, 20, "0 channels (PeerCam takes 1 or 2)"),
        (1, 15, "15 ms blocks (10 or 20)"),
    ])
    func unsupportedRequest(channels: Int, milliseconds: Int, detail: String) {
        let request = AudioCaptureRequest(device: "hw:0,0", channelCount: channels, blockMilliseconds: milliseconds)
        #expect(throws: AudioCaptureError.unsupportedConfiguration(name: "hw:0,0", detail: detail)) {
            try ALSACaptureSession(request: request)
        }
    }

    @Test("-EINTR is retried, other codes name the call")
    func callWrapper() throws {
        var attempts = 0
        let result = try ALSACall.check("snd_test") { () -> Int32 in
            attempts += 1
            return attempts < 3 ? -EINTR : 4
        }
        #expect(result == 4 && attempts == 3)
        #expect(throws: ALSACallFailure(call: "snd_pcm_readi", errno: EPIPE)) {
            try ALSACall.check("snd_pcm_readi") { -EPIPE }
        }
        let text = ALSACallFailure(call: "snd_pcm_open", errno: EBUSY).description
        #expect(text.contains("snd_pcm_open") && text.contains("busy"), "\(text)")
    }

    @Test("block sizes are 10 or 20 ms of 48 kHz audio", arguments: [(10, 480), (20, 960)])
    func blockSize(milliseconds: Int, samples: Int) {
        #expect(AudioCaptureRequest(blockMilliseconds: milliseconds).samplesPerBlock == samples)
    }

    @Test("probing this host (no sound cards) lists nothing and does not fail")
    func probeHost() {
        let result = AudioDeviceProbe.run()
        // Cards exist exactly when the kernel made control nodes for them.
        if access("/dev/snd/controlC0", F_OK) != 0 { #expect(result.devices.isEmpty) }
        #expect(result.skipped.isEmpty)
    }

    @Test("device names: stable card id, raw and converting")
    func deviceNames() {
        let device = AudioCaptureDeviceDescription(cardIndex: 2, cardID: "C920", cardName: "HD Pro Webcam C920",
                                                   deviceIndex: 0, pcmName: "USB Audio", subdeviceCount: 1)
        #expect(device.hardwareName == "hw:CARD=C920,DEV=0")
        #expect(device.convertingName == "plughw:CARD=C920,DEV=0")
        #expect(device.description == "hw:CARD=C920,DEV=0  HD Pro Webcam C920 — USB Audio (1 subdevice)")
    }

    @Test("which errors end a stream", arguments: [
        (AudioCaptureError.deviceDisconnected(name: "hw:1,0"), true),
        (.deviceBusy(name: "hw:1,0"), true),
        (.alsa(ALSACallFailure(call: "snd_pcm_readi", errno: EIO)), true),
        (.noAudioWithin(milliseconds: 1000), false),
    ])
    func endsStream(error: AudioCaptureError, ends: Bool) {
        #expect(error.endsStream == ends)
    }
}
