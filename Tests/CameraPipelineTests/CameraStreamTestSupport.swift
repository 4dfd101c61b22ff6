import CameraPipeline
import H264
import Media
import RTP

/// A video-only (or video + audio) stream configuration for tests: fixed SSRCs and
/// payload types as negotiation would have picked them.
func testStreamConfiguration(width: Int = 320, height: Int = 240, framesPerSecond: Int = 30, withAudio: Bool = false,
                             subscriberLimit: Int = 8,
                             keyframeRequestInterval: MediaDuration = .milliseconds(500)) -> CameraStreamConfiguration {
    CameraStreamConfiguration(
        video: CameraStreamRTPParameters(ssrc: 0x1111_2222, payloadType: 102, clockRate: 90_000),
        videoEncoder: H264EncoderConfiguration(width: width, height: height, framesPerSecond: Double(framesPerSecond),
                                               targetBitrate: 1_000_000),
        audio: withAudio ? CameraStreamRTPParameters(ssrc: 0x3333_4444, payloadType: 111, clockRate: 48_000) : nil,
        subscriberLimit: subscriberLimit,
        keyframeRequestInterval: keyframeRequestInterval)
}

/// Parses recorded packets and reassembles them into access units with the project's
/// own RFC 6184 depacketizer (written independently of the payloader's user here).
func testAccessUnits(from packets: [[UInt8]]) throws -> [H264RTPDepacketizerOutput] {
    var depacketizer = H264RTPDepacketizer()
    var outputs: [H264RTPDepacketizerOutput] = []
    for bytes in packets {
        depacketizer.push(try RTPPacket(unmarshaling: bytes)) { outputs.append($0) }
    }
    return outputs
}

/// The reassembled access units; any discarded unit is reported as nil in its place.
func testCompleteAccessUnits(from packets: [[UInt8]]) throws -> [H264AccessUnit?] {
    try testAccessUnits(from: packets).map { output in
        if case .accessUnit(let unit) = output { return unit }
        return nil
    }
}
