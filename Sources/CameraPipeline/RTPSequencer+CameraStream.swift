import RTP

/// A sequencer set up from what negotiation picked for one of the stream's RTP streams.
extension RTPSequencer {
    init(parameters: CameraStreamRTPParameters) {
        self.init(ssrc: parameters.ssrc, payloadType: parameters.payloadType,
                  initialSequenceNumber: parameters.initialSequenceNumber, headerExtension: parameters.headerExtension)
    }
}
