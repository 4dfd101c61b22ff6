/// Records the original H264 and Opus (no re-encode) into a Matroska file
/// (RFC 9559) that survives the recorder being killed.
///
/// Layout: EBML header; Segment of unknown size; a Void reserving room for the
/// SeekHead; Info (1 ms TimestampScale, apps, a Void reserving the Duration);
/// Tracks; Clusters; Cues.
/// - Tracks are written once known: at once for audio-only, at the first
///   keyframe otherwise (its SPS/PPS become the `avcC` CodecPrivate). Video
///   before that keyframe is skipped (reported as `.skippedAwaitingKeyframe`);
///   audio is held (up to `maximumHeldAudioPackets`) and written after it, minus
///   the packets older than the keyframe: a recording starts at its first
///   decodable picture. Both are counted in `statistics`.
/// - Timestamps count from that first unit; `MatroskaTrackClock` documents how
///   gaps are kept and backward steps repaired.
/// - A Cluster starts at each video keyframe and at least every
///   `maximumClusterDuration`, and is written with one write(2) as soon as the
///   next one starts — no user-space buffering across clusters. A process killed
///   at any moment leaves every finished cluster in the file (a kill does not
///   lose data already handed to write(2); a power cut may, there is no fsync),
///   readable because the Segment's size says "unknown".
/// - `close()` writes the last cluster and the Cues, and on a seekable output
///   patches the SeekHead, Duration and Segment size in place with pwrite(2). On
///   a pipe those stay unknown, which players accept.
public final class MatroskaWriter {
    public let layout: MatroskaTrackLayout
    public private(set) var statistics = MatroskaWriterStatistics()
    /// Units whose timestamps went backwards and were moved (see `MatroskaTrackClock`).
    public var timestampsRepaired: Int { videoClock.repairs + audioClock.repairs }
    /// Audio waiting for the first keyframe, at most this many packets (10 s of 20 ms).
    public static let maximumHeldAudioPackets = 500

    private let output: SinkOutputFile
    private let segmentSizeOffset: UInt64
    private let segmentDataStart: UInt64
    private let seekHeadOffset: UInt64
    private let durationOffset: UInt64
    private let infoPosition: UInt64
    private var tracksPosition: UInt64?
    private var baseTime: MediaTime?
    private var cluster = MatroskaClusterBuffer()
    private var clusterCueTrack: UInt8?
    private var cues: [MatroskaCuePoint] = []
    private var heldAudio: [EncodedAudioPacket] = []
    private var videoClock = MatroskaTrackClock()
    private var audioClock = MatroskaTrackClock()
    private static let seekHeadReservation = 96
    private static let durationElementSize = 11
    private static let millisecond: UInt64 = 1_000_000

    /// Opens the destination and writes the EBML header, Segment start and Info
    /// (and Tracks too for an audio-only layout).
    /// - Throws: `MatroskaWriterError` for an impossible layout, `SinkOutputError` for I/O.
    public init(destination: SinkDestination, layout: MatroskaTrackLayout) throws {
        guard layout.hasVideo || layout.audioChannelCount != nil else { throw MatroskaWriterError.noTracksDeclared }
        if let channels = layout.audioChannelCount, channels != 1 && channels != 2 {
            throw MatroskaWriterError.audioChannelCountUnsupported(channels)
        }
        self.layout = layout
        output = try SinkOutputFile(destination)

        var head = EBMLBuffer()
        head.appendMaster(MatroskaElementID.ebml) { ebml in
            ebml.appendUnsigned(MatroskaElementID.ebmlVersion, 1)
            ebml.appendUnsigned(MatroskaElementID.ebmlReadVersion, 1)
            ebml.appendUnsigned(MatroskaElementID.ebmlMaxIDLength, 4)
            ebml.appendUnsigned(MatroskaElementID.ebmlMaxSizeLength, 8)
            ebml.appendString(MatroskaElementID.docType, "matroska")
            ebml.appendUnsigned(MatroskaElementID.docTypeVersion, 4)  // CodecDelay, SeekPreRoll
            ebml.appendUnsigned(MatroskaElementID.docTypeReadVersion, 2)
        }
        head.appendID(MatroskaElementID.segment)
        segmentSizeOffset = UInt64(head.bytes.count)
        head.bytes += EBMLBuffer.unknownSize
        segmentDataStart = UInt64(head.bytes.count)
        seekHeadOffset = segmentDataStart
        head.appendVoid(totalSize: Self.seekHeadReservation)
        infoPosition = UInt64(head.bytes.count) - segmentDataStart
        head.appendMaster(MatroskaElementID.info) { info in
            info.appendUnsigned(MatroskaElementID.timestampScale, Self.millisecond)
            info.appendString(MatroskaElementID.muxingApp, "PeerCam MatroskaWriter")
            info.appendString(MatroskaElementID.writingApp, "PeerCam viewer-agent")
            info.appendVoid(totalSize: Self.durationElementSize)
        }
        durationOffset = UInt64(head.bytes.count - Self.durationElementSize)
        try output.write(head.bytes)
        if !layout.hasVideo { try writeTracks(video: nil) }
    }

    /// Adds one H264 access unit (Annex-B, as depacketized or encoded).
    /// The bytes decide what a keyframe is: an access unit with an IDR slice.
    /// - Throws: `AnnexBFormatError` for an empty or malformed unit,
    ///   `MatroskaWriterError` for a first keyframe without SPS/PPS,
    ///   `SinkOutputError` for I/O.
    @discardableResult
    public func append(_ frame: EncodedVideoFrame) throws -> MatroskaAppendOutcome {
        guard layout.hasVideo else { throw MatroskaWriterError.videoTrackNotDeclared }
        guard !output.isClosed else { throw SinkOutputError.alreadyFinished }
        let units = try AnnexBNALUnits(validating: frame.annexB)
        let isKeyframe = units.contains { units.type(of: $0) == .idrSlice }
        if tracksPosition == nil {
            guard isKeyframe else {
                statistics.videoFramesSkippedBeforeKeyframe += 1
                return .skippedAwaitingKeyframe
            }
            guard frame.width > 0, frame.height > 0 else {
                throw MatroskaWriterError.videoDimensionsUnknown(width: frame.width, height: frame.height)
            }
            let record = try AVCDecoderConfigurationRecord(keyframe: units)
            try writeTracks(video: (record, frame.width, frame.height))
            baseTime = frame.timestamp
        }
        let timestamp = videoClock.place(milliseconds(since: frame.timestamp), duration: nil)
        try openCluster(for: timestamp, startsAtKeyframe: isKeyframe)
        cluster.appendVideoBlock(track: layout.videoTrackNumber, relative: relative(timestamp),
                                 keyframe: isKeyframe, units: units)
        statistics.videoFramesWritten += 1
        if !heldAudio.isEmpty { try releaseHeldAudio() }
        return .written
    }

    /// Adds one Opus packet.
    /// - Throws: `MatroskaWriterError` for an empty packet or a channel count the
    ///   OpusHead does not declare, `SinkOutputError` for I/O.
    @discardableResult
    public func append(_ packet: EncodedAudioPacket) throws -> MatroskaAppendOutcome {
        guard let channels = layout.audioChannelCount else { throw MatroskaWriterError.audioTrackNotDeclared }
        guard !output.isClosed else { throw SinkOutputError.alreadyFinished }
        guard !packet.payload.isEmpty else { throw MatroskaWriterError.emptyOpusPacket }
        guard packet.channelCount == channels else {
            throw MatroskaWriterError.audioChannelCountChanged(declared: channels, packet: packet.channelCount)
        }
        guard tracksPosition != nil else {
            if heldAudio.count == Self.maximumHeldAudioPackets {
                heldAudio.removeFirst()
                statistics.audioPacketsDroppedBeforeFirstKeyframe += 1
            }
            heldAudio.append(packet)
            return .held
        }
        if baseTime == nil { baseTime = packet.timestamp }
        try writeAudio(packet)
        return .written
    }

    /// Writes the last cluster and the Cues; on a seekable output also the
    /// SeekHead, Duration and Segment size. Closes the output (not stdout or a
    /// caller's descriptor). Calling it again does nothing.
    public func close() throws {
        guard !output.isClosed else { return }
        statistics.audioPacketsDroppedBeforeFirstKeyframe += heldAudio.count
        heldAudio.removeAll()
        try flushCluster()
        var cuesPosition: UInt64?
        if !cues.isEmpty {
            cuesPosition = output.bytesWritten - segmentDataStart
            try output.write(MatroskaCuePoint.cuesElement(cues))
        }
        if output.isSeekable {
            try output.overwrite(seekHead(cuesPosition: cuesPosition), at: seekHeadOffset)
            var duration = EBMLBuffer()
            duration.appendFloat(MatroskaElementID.duration, Double(max(videoClock.end, audioClock.end)))
            try output.overwrite(duration.bytes, at: durationOffset)
            var size = EBMLBuffer()
            size.appendSize(output.bytesWritten - segmentDataStart, width: 8)
            try output.overwrite(size.bytes, at: segmentSizeOffset)
        }
        try output.close()
    }

    // MARK: - Blocks and clusters

    private func writeAudio(_ packet: EncodedAudioPacket) throws {
        let duration = Int64(packet.samplesPerChannel * 1_000 / AudioFrame.sampleRate)
        let timestamp = audioClock.place(milliseconds(since: packet.timestamp), duration: duration)
        try openCluster(for: timestamp, startsAtKeyframe: false)
        cluster.appendAudioBlock(track: layout.audioTrackNumber, relative: relative(timestamp), payload: packet.payload)
        statistics.audioPacketsWritten += 1
    }

    /// Audio that arrived before the first keyframe, in capture order; packets
    /// captured before that keyframe are dropped and counted.
    private func releaseHeldAudio() throws {
        let held = heldAudio.sorted { $0.timestamp < $1.timestamp }
        heldAudio.removeAll()
        for packet in held {
            if let base = baseTime, packet.timestamp < base {
                statistics.audioPacketsDroppedBeforeFirstKeyframe += 1
            } else {
                try writeAudio(packet)
            }
        }
    }

    private func openCluster(for timestamp: Int64, startsAtKeyframe: Bool) throws {
        if let start = cluster.timestamp, !startsAtKeyframe, cluster.relative(timestamp) != nil,
           UInt64(max(0, timestamp - start)) * Self.millisecond < layout.maximumClusterDuration.nanoseconds {
            return
        }
        try flushCluster()
        cluster.start(at: timestamp)
        // Cues point at clusters a player can start decoding from.
        clusterCueTrack = startsAtKeyframe ? layout.videoTrackNumber : layout.hasVideo ? nil : layout.audioTrackNumber
    }

    private func flushCluster() throws {
        guard let start = cluster.timestamp else { return }
        let position = output.bytesWritten - segmentDataStart
        let frames = cluster.videoFrames, packets = cluster.audioPackets
        try cluster.seal { bytes in try output.write(bytes) }
        if let track = clusterCueTrack {
            cues.append(MatroskaCuePoint(timestamp: UInt64(start), track: track, clusterPosition: position))
        }
        statistics.clustersWritten += 1
        statistics.videoFramesFlushed += frames
        statistics.audioPacketsFlushed += packets
    }

    private func relative(_ timestamp: Int64) -> Int16 {
        // openCluster guaranteed the block fits the cluster.
        cluster.relative(timestamp) ?? 0
    }

    private func milliseconds(since time: MediaTime) -> Int64 {
        Int64((time.since(baseTime ?? time).nanoseconds + Self.millisecond / 2) / Self.millisecond)
    }

    // MARK: - Header elements

    private func writeTracks(video: (record: AVCDecoderConfigurationRecord, width: Int, height: Int)?) throws {
        var tracks = EBMLBuffer()
        tracks.appendMaster(MatroskaElementID.tracks) { tracks in
            if let video {
                tracks.appendMaster(MatroskaElementID.trackEntry) { entry in
                    entry.appendUnsigned(MatroskaElementID.trackNumber, UInt64(layout.videoTrackNumber))
                    entry.appendUnsigned(MatroskaElementID.trackUID, UInt64.random(in: 1...UInt64.max))
                    entry.appendUnsigned(MatroskaElementID.trackType, 1)
                    entry.appendUnsigned(MatroskaElementID.flagLacing, 0)
                    entry.appendString(MatroskaElementID.codecID, "V_MPEG4/ISO/AVC")
                    entry.appendBinary(MatroskaElementID.codecPrivate, video.record.bytes)
                    entry.appendMaster(MatroskaElementID.video) { picture in
                        picture.appendUnsigned(MatroskaElementID.pixelWidth, UInt64(video.width))
                        picture.appendUnsigned(MatroskaElementID.pixelHeight, UInt64(video.height))
                    }
                }
            }
            if let channels = layout.audioChannelCount {
                let opusHead = OpusIdentificationHeader(channelCount: channels, preSkip: layout.opusPreSkip)
                tracks.appendMaster(MatroskaElementID.trackEntry) { entry in
                    entry.appendUnsigned(MatroskaElementID.trackNumber, UInt64(layout.audioTrackNumber))
                    entry.appendUnsigned(MatroskaElementID.trackUID, UInt64.random(in: 1...UInt64.max))
                    entry.appendUnsigned(MatroskaElementID.trackType, 2)
                    entry.appendUnsigned(MatroskaElementID.flagLacing, 0)
                    entry.appendString(MatroskaElementID.codecID, "A_OPUS")
                    entry.appendBinary(MatroskaElementID.codecPrivate, opusHead.bytes)
                    entry.appendUnsigned(MatroskaElementID.codecDelay, opusHead.codecDelayNanoseconds)
                    // RFC 9559 A_OPUS: decode 80 ms before a seek target to converge.
                    entry.appendUnsigned(MatroskaElementID.seekPreRoll, 80 * Self.millisecond)
                    entry.appendMaster(MatroskaElementID.audio) { sound in
                        sound.appendFloat(MatroskaElementID.samplingFrequency, Double(AudioFrame.sampleRate))
                        sound.appendUnsigned(MatroskaElementID.channels, UInt64(channels))
                    }
                }
            }
        }
        tracksPosition = output.bytesWritten - segmentDataStart
        try output.write(tracks.bytes)
    }

    /// The SeekHead (RFC 9559 §5.1.1) padded with a Void to the reserved size.
    private func seekHead(cuesPosition: UInt64?) -> [UInt8] {
        let targets = [(MatroskaElementID.info, infoPosition), (MatroskaElementID.tracks, tracksPosition),
                       (MatroskaElementID.cues, cuesPosition)]
        var head = EBMLBuffer()
        head.appendMaster(MatroskaElementID.seekHead) { seekHead in
            for case let (id, position?) in targets {
                seekHead.appendMaster(MatroskaElementID.seek) { seek in
                    var idBytes = EBMLBuffer()
                    idBytes.appendID(id)
                    seek.appendBinary(MatroskaElementID.seekID, idBytes.bytes)
                    seek.appendUnsigned(MatroskaElementID.seekPosition, position, width: 8)
                }
            }
        }
        head.appendVoid(totalSize: Self.seekHeadReservation - head.bytes.count)
        return head.bytes
    }
}
