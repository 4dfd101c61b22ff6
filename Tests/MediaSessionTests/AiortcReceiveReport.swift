import Foundation

/// aiortc_media_peer.py's `--receive` report (Tests/Interop/README.md), typed: the
/// camera-side interop test compares it with what the camera stream encoded.
struct AiortcReceiveReport {
    struct Run: CustomStringConvertible {
        var first: Int
        var last: Int
        var description: String { first == last ? "\(first)" : "\(first)…\(last)" }
    }

    var framesDecoded: Int
    var framesRead: Int
    var unreadableFrames: Int
    var distinctIndices: Int
    var indexRuns: [Run]
    var duplicates: Int
    var outOfOrder: Int
    var firstIndex: Int?
    var lastIndex: Int?
    var videoSizes: [String]
    var audioSeconds: Double
    var tonePerSecond: [Double?]
    var codecs: [String: String]
    var secondsToFirstFrameFromRemoteDescription: Double?
    var secondsToFirstFrameFromConnected: Double?

    /// Missing fields read as zero/empty, so a report that lacks them fails the assertions.
    init(_ report: [String: Any]) {
        framesDecoded = report["framesDecoded"] as? Int ?? 0
        framesRead = report["framesRead"] as? Int ?? 0
        unreadableFrames = report["unreadableFrames"] as? Int ?? -1
        distinctIndices = report["distinctIndices"] as? Int ?? 0
        indexRuns = (report["indexRuns"] as? [[Int]] ?? []).compactMap { run in
            run.count == 2 ? Run(first: run[0], last: run[1]) : nil
        }
        duplicates = report["duplicates"] as? Int ?? -1
        outOfOrder = report["outOfOrder"] as? Int ?? -1
        firstIndex = report["firstIndex"] as? Int
        lastIndex = report["lastIndex"] as? Int
        videoSizes = report["videoSizes"] as? [String] ?? []
        audioSeconds = report["audioSeconds"] as? Double ?? 0
        tonePerSecond = (report["tonePerSecond"] as? [Any] ?? []).map { $0 as? Double }
        codecs = report["codecs"] as? [String: String] ?? [:]
        secondsToFirstFrameFromRemoteDescription = report["secondsToFirstFrameFromRemoteDescription"] as? Double
        secondsToFirstFrameFromConnected = report["secondsToFirstFrameFromConnected"] as? Double
    }
}
