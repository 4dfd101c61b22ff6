/// One entry of the Cues index (RFC 9559 §5.1.5): where a cluster a player can
/// start decoding from begins, for seeking.
struct MatroskaCuePoint: Equatable {
    /// Cluster timestamp, in TimestampScale units (ms).
    let timestamp: UInt64
    let track: UInt8
    /// Offset of the Cluster from the start of the Segment's data.
    let clusterPosition: UInt64

    static func cuesElement(_ points: [MatroskaCuePoint]) -> [UInt8] {
        var cues = EBMLBuffer()
        cues.appendMaster(MatroskaElementID.cues) { cues in
            for point in points {
                cues.appendMaster(MatroskaElementID.cuePoint) { cuePoint in
                    cuePoint.appendUnsigned(MatroskaElementID.cueTime, point.timestamp)
                    cuePoint.appendMaster(MatroskaElementID.cueTrackPositions) { positions in
                        positions.appendUnsigned(MatroskaElementID.cueTrack, UInt64(point.track))
                        positions.appendUnsigned(MatroskaElementID.cueClusterPosition, point.clusterPosition)
                    }
                }
            }
        }
        return cues.bytes
    }
}
