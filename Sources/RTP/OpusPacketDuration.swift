/// How many 48 kHz samples (per channel) one Opus packet decodes to, read from its TOC byte.
///
/// RFC 7587 §4.1 counts the RTP timestamp in 48 kHz samples whatever the encoder's internal
/// rate, so the sender advances it by exactly this much per packet; the receiver uses it to
/// check the packet before handing it to the decoder.
/// See https://www.rfc-editor.org/rfc/rfc6716#section-3.1
public enum OpusPacketDuration {
    /// Frame size in 48 kHz samples for each of the 32 TOC configurations (RFC 6716 Table 2).
    static let frameSamples: [Int] = [
        480, 960, 1920, 2880, 480, 960, 1920, 2880, 480, 960, 1920, 2880,  // SILK NB/MB/WB
        480, 960, 480, 960,  // Hybrid SWB/FB
        120, 240, 480, 960, 120, 240, 480, 960, 120, 240, 480, 960, 120, 240, 480, 960,  // CELT
    ]
    /// RFC 6716 §3.2.5: a packet holds at most 120 ms of audio.
    public static let maximumSamples = 5760

    /// Samples per channel at 48 kHz in `packet`.
    public static func samples(in packet: UnsafeRawBufferPointer) throws(OpusRTPError) -> Int {
        guard let toc = packet.first else { throw .rfc6716EmptyPacket }
        let perFrame = frameSamples[Int(toc >> 3)]
        let frameCount: Int
        switch toc & 0x03 {
        case 0: frameCount = 1
        case 1, 2: frameCount = 2
        default:
            guard packet.count >= 2 else { throw .rfc6716FrameCountMissing }
            frameCount = Int(packet[1] & 0x3F)
            guard frameCount > 0 else { throw .rfc6716FrameCountZero }
        }
        let total = perFrame * frameCount
        guard total <= maximumSamples else { throw .rfc6716DurationOver120ms(samples: total) }
        return total
    }

    public static func samples(in packet: [UInt8]) throws(OpusRTPError) -> Int {
        try packet.withUnsafeBytes { bytes in Result { () throws(OpusRTPError) in try samples(in: bytes) } }.get()
    }
}

/// Why an Opus packet or its RTP carriage was refused.
public enum OpusRTPError: Error, Equatable, Sendable {
    /// RFC 6716 §3.4 [R1]: a packet has at least one byte (the TOC).
    case rfc6716EmptyPacket
    /// RFC 6716 §3.2.5: code 3 packets carry a frame count byte after the TOC.
    case rfc6716FrameCountMissing
    /// RFC 6716 §3.4 [R5]: a code 3 packet holds at least one frame.
    case rfc6716FrameCountZero
    /// RFC 6716 §3.4 [R5]: at most 120 ms of audio per packet.
    case rfc6716DurationOver120ms(samples: Int)
}
