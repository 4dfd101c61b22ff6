/// One ALSA PCM device that can capture, as the sound card's driver lists it:
/// the value behind the audio half of `camera-agent probe`.
public struct AudioCaptureDeviceDescription: Sendable, Codable, Equatable, CustomStringConvertible {
    /// Card number (`hw:<card>,<device>`); can change between boots.
    public var cardIndex: Int
    /// Card id (`Loopback`, `C920`): stable, use it in configuration (`hw:CARD=<id>,DEV=<device>`).
    public var cardID: String
    public var cardName: String
    public var deviceIndex: Int
    /// The PCM's own name (`Loopback PCM`, `USB Audio`).
    public var pcmName: String
    /// Independent capture streams the device offers (snd-aloop has 8).
    public var subdeviceCount: Int

    public init(cardIndex: Int, cardID: String, cardName: String, deviceIndex: Int, pcmName: String, subdeviceCount: Int) {
        self.cardIndex = cardIndex
        self.cardID = cardID
        self.cardName = cardName
        self.deviceIndex = deviceIndex
        self.pcmName = pcmName
        self.subdeviceCount = subdeviceCount
    }

    /// The stable ALSA name of the raw device.
    public var hardwareName: String { "hw:CARD=\(cardID),DEV=\(deviceIndex)" }
    /// The same device with ALSA's rate/format conversion in front: what to configure
    /// when the hardware lacks 48 kHz s16.
    public var convertingName: String { "plughw:CARD=\(cardID),DEV=\(deviceIndex)" }

    public var description: String {
        "\(hardwareName)  \(cardName) — \(pcmName) (\(subdeviceCount) subdevice\(subdeviceCount == 1 ? "" : "s"))"
    }
}
