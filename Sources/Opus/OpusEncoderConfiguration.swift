/// How an `OpusEncoder` codes 48 kHz audio into 20 ms packets (RFC 7587 defaults).
public struct OpusEncoderConfiguration: Sendable, Equatable {
    /// Which of libopus's tunings to use.
    public enum Application: Sendable, Equatable {
        /// Speech-first, lowest delay: a camera microphone.
        case voip
        /// Music and general sound at higher fidelity.
        case audio
    }

    public var channelCount: Int
    public var application: Application
    public var bitrate: Int
    /// In-band forward error correction (LBRR): each packet carries a coarse copy of the
    /// previous one, so a single lost packet can be rebuilt from the next. Only used by
    /// libopus when `expectedPacketLossPercent` is above 0.
    public var forwardErrorCorrection: Bool
    /// The loss rate the encoder plans redundancy for (0…100); RTCP receiver reports can update it.
    public var expectedPacketLossPercent: Int
    /// Discontinuous transmission: during silence the encoder emits 1–2 byte packets
    /// that a sender may leave out (RFC 7587 §3.1.3); receivers conceal the gap.
    public var discontinuousTransmission: Bool
    /// CPU spent per packet, 0…10 (10 costs ~0.15 ms per 20 ms stereo here).
    public var complexity: Int

    public init(channelCount: Int = 1, application: Application = .voip, bitrate: Int = 32_000,
                forwardErrorCorrection: Bool = true, expectedPacketLossPercent: Int = 10,
                discontinuousTransmission: Bool = false, complexity: Int = 10) {
        self.channelCount = channelCount
        self.application = application
        self.bitrate = bitrate
        self.forwardErrorCorrection = forwardErrorCorrection
        self.expectedPacketLossPercent = expectedPacketLossPercent
        self.discontinuousTransmission = discontinuousTransmission
        self.complexity = complexity
    }

    static let bitrateRange = 6_000...510_000

    func validate() throws(OpusCodecError) {
        guard channelCount == 1 || channelCount == 2 else { throw .channelCountUnsupported(channelCount) }
        guard Self.bitrateRange.contains(bitrate) else { throw .bitrateOutOfRange(bitrate) }
        guard (0...10).contains(complexity) else { throw .complexityOutOfRange(complexity) }
        guard (0...100).contains(expectedPacketLossPercent) else {
            throw .packetLossPercentOutOfRange(expectedPacketLossPercent)
        }
    }
}
