#if canImport(Glibc)
import Glibc
#endif
import CALSA

/// Finds the ALSA capture devices on this machine by walking the sound cards' control
/// interfaces (what `arecord -l` does).
public enum AudioDeviceProbe {
    /// Every capture-capable PCM device of every card, in card then device order.
    /// Cards whose control interface cannot be opened are reported in `skipped`.
    public static func run() -> (devices: [AudioCaptureDeviceDescription], skipped: [AudioCaptureError]) {
        var devices: [AudioCaptureDeviceDescription] = []
        var skipped: [AudioCaptureError] = []
        var card: Int32 = -1
        while snd_card_next(&card) == 0, card >= 0 {
            do {
                devices += try captureDevices(ofCard: card)
            } catch {
                skipped.append(.alsa(error))
            }
        }
        return (devices, skipped)
    }

    static func captureDevices(ofCard card: Int32) throws(ALSACallFailure) -> [AudioCaptureDeviceDescription] {
        var control: OpaquePointer?
        try ALSACall.check("snd_ctl_open") { snd_ctl_open(&control, "hw:\(card)", 0) }
        guard let control else { return [] }
        defer { snd_ctl_close(control) }

        var cardInfo: OpaquePointer?
        try ALSACall.check("snd_ctl_card_info_malloc") { snd_ctl_card_info_malloc(&cardInfo) }
        guard let cardInfo else { return [] }
        defer { snd_ctl_card_info_free(cardInfo) }
        try ALSACall.check("snd_ctl_card_info") { snd_ctl_card_info(control, cardInfo) }
        let cardID = String(cString: snd_ctl_card_info_get_id(cardInfo))
        let cardName = String(cString: snd_ctl_card_info_get_name(cardInfo))

        var pcmInfo: OpaquePointer?
        try ALSACall.check("snd_pcm_info_malloc") { snd_pcm_info_malloc(&pcmInfo) }
        guard let pcmInfo else { return [] }
        defer { snd_pcm_info_free(pcmInfo) }

        var devices: [AudioCaptureDeviceDescription] = []
        var device: Int32 = -1
        while snd_ctl_pcm_next_device(control, &device) == 0, device >= 0 {
            snd_pcm_info_set_device(pcmInfo, UInt32(device))
            snd_pcm_info_set_subdevice(pcmInfo, 0)
            snd_pcm_info_set_stream(pcmInfo, SND_PCM_STREAM_CAPTURE)
            // ENOENT: this device only plays back.
            guard snd_ctl_pcm_info(control, pcmInfo) == 0 else { continue }
            devices.append(AudioCaptureDeviceDescription(
                cardIndex: Int(card), cardID: cardID, cardName: cardName, deviceIndex: Int(device),
                pcmName: String(cString: snd_pcm_info_get_name(pcmInfo)),
                subdeviceCount: Int(snd_pcm_info_get_subdevices_count(pcmInfo))))
        }
        return devices
    }
}
