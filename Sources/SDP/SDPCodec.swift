/// One RTP payload type of a media section gathered from `m=`, `a=rtpmap`, `a=fmtp` and
/// `a=rtcp-fb` (RFC 8866 §6.6, §6.15; RFC 4585 §4.2).
public struct SDPCodec: Equatable, Hashable, Sendable {
    public var payloadType: UInt8
    public var rtpMap: SDPRTPMap?
    public var parameters: SDPFormatParameters?
    /// Feedback for this payload type, including `a=rtcp-fb:*` lines.
    public var feedback: [SDPRTCPFeedback]

    public init(payloadType: UInt8, rtpMap: SDPRTPMap?, parameters: SDPFormatParameters?, feedback: [SDPRTCPFeedback]) {
        self.payloadType = payloadType
        self.rtpMap = rtpMap
        self.parameters = parameters
        self.feedback = feedback
    }

    public func parameter(_ name: String) -> String? { parameters?[name] }

    public func isEncoding(_ name: String, clockRate: UInt32) -> Bool {
        rtpMap?.matches(name, clockRate: clockRate) ?? false
    }
}
