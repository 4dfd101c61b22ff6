import MediaSession

extension PeerMediaSenderStatistics {
    /// Adds another sender's counters into this one (the cumulative fields only: live
    /// gauges such as RTT or the bitrate estimate do not add up).
    mutating func accumulate(_ other: PeerMediaSenderStatistics) {
        videoPacketsSent += other.videoPacketsSent
        videoBytesSent += other.videoBytesSent
        audioPacketsSent += other.audioPacketsSent
        audioBytesSent += other.audioBytesSent
        sendFailures += other.sendFailures
        senderReportsSent += other.senderReportsSent
        nacksReceived += other.nacksReceived
        packetsRequested += other.packetsRequested
        retransmissions += other.retransmissions
        retransmittedBytes += other.retransmittedBytes
        picturesLossIndications += other.picturesLossIndications
        fullIntraRequests += other.fullIntraRequests
    }
}
