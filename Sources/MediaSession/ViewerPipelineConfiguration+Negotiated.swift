import RTP
import SDP
import ViewerPipeline
import WebRTC

extension ViewerPipelineConfiguration {
    /// What the viewer pipeline must receive, from the connection's negotiated receiving
    /// transceivers: payload types, clock rates, the sender's announced SSRCs and RTX
    /// (RFC 4588, `apt` + `ssrc-group:FID`); NACK only when the sender accepted `nack`.
    /// - Throws: `MediaSessionError.rfc8829NoReceivingTransceiver(.video)` when no video is
    ///   negotiated for receiving (audio is optional).
    public static func negotiated(on connection: PeerConnection, localSSRC: UInt32,
                                  audioChannelCount: Int = 1) throws(MediaSessionError) -> ViewerPipelineConfiguration {
        func receiving(_ kind: SDPMediaKind) -> SDPNegotiatedMedia? {
            connection.transceivers.first { $0.kind == kind }?.negotiated.flatMap { $0.direction.receives ? $0 : nil }
        }
        func parameters(_ media: SDPNegotiatedMedia) -> ReceiverStreamParameters {
            ReceiverStreamParameters(
                payloadType: media.payloadType, clockRate: Int(media.clockRate), ssrc: media.remoteSSRCs.first,
                retransmission: media.rtxPayloadType.map { .init(payloadType: $0, ssrc: media.remoteRTXSSRC) })
        }
        guard let video = receiving(.video) else { throw .rfc8829NoReceivingTransceiver(.video) }
        let nack = video.rtcpFeedback.contains("nack") ? RTPNACKGenerator.Configuration() : nil
        return ViewerPipelineConfiguration(
            localSSRC: localSSRC,
            video: VideoReceiverConfiguration(stream: parameters(video), nack: nack),
            audio: receiving(.audio).map { AudioReceiverConfiguration(stream: parameters($0), channelCount: audioChannelCount) })
    }
}
