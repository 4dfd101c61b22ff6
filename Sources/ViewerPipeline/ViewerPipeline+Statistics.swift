extension ViewerPipeline {
    /// The counters now, for the status line and `--stats-json`.
    public func statistics() -> ViewerPipelineStatistics {
        var snapshot = ViewerPipelineStatistics()
        snapshot.packetsRefused = packetsRefused
        snapshot.receiverReportsSent = receiverReportsSent
        snapshot.reconnects = reconnects
        for (kind, reason) in outputs.endedOutputs { snapshot.endedOutputs[kind.rawValue] = reason }
        if let video {
            var stats = ViewerPipelineStatistics.Video()
            stats.stream = Self.streamStatistics(video.queue, bitsPerSecond: video.bitsPerSecond)
            let counters = video.counters
            stats.framesDecoded = counters.framesDecoded
            stats.keyframesDecoded = counters.keyframesDecoded
            stats.accessUnitsDiscarded = counters.accessUnitsDiscarded
            stats.accessUnitsHeldBack = counters.accessUnitsHeldBack
            stats.decodeFailures = counters.decodeFailures
            stats.framesLost = counters.accessUnitsDiscarded + counters.accessUnitsHeldBack + counters.decodeFailures
            stats.packetsNacked = video.queue.counters.sequenceNumbersNacked
            stats.nacksSent = video.queue.counters.nackPacketsSent
            stats.pictureLossIndicationsSent = counters.pictureLossIndicationsSent
            stats.framesPerSecond = video.framesPerSecond
            snapshot.video = stats
            snapshot.timeToFirstFrameSeconds = counters.firstFrameAt.map { ($0 - startTime).seconds }
        }
        if let audio {
            var stats = ViewerPipelineStatistics.Audio()
            stats.stream = Self.streamStatistics(audio.queue, bitsPerSecond: audio.bitsPerSecond)
            let counters = audio.counters
            stats.packetsDecoded = counters.packetsDecoded
            stats.samplesConcealed = counters.samplesConcealed
            stats.samplesRecoveredByFEC = counters.samplesRecovered
            stats.gapsNotConcealed = counters.gapsNotConcealed
            stats.decodeFailures = counters.decodeFailures
            stats.malformedPackets = counters.malformedPackets
            snapshot.audio = stats
        }
        let rtt = video?.queue.measuredRoundTripTime
        snapshot.roundTripTimeMilliseconds = rtt.map { $0.seconds * 1000 }
        return snapshot
    }

    private static func streamStatistics(_ queue: RTPReceiveQueue, bitsPerSecond: Double) -> ViewerPipelineStatistics.Stream {
        var stats = ViewerPipelineStatistics.Stream()
        let counters = queue.counters
        stats.packetsReceived = counters.packetsReceived
        stats.bytesReceived = counters.bytesReceived
        stats.packetsLost = queue.packetsLost
        stats.duplicatesReceived = counters.duplicates
        stats.packetsTooLate = counters.tooLate
        stats.retransmissionsReceived = counters.retransmissionsReceived
        stats.jitterMilliseconds = queue.jitter.seconds * 1000
        stats.bufferDelayMilliseconds = queue.currentDelay.seconds * 1000
        stats.kilobitsPerSecond = bitsPerSecond / 1000
        return stats
    }
}
