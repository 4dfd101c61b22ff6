import ViewerPipeline

/// The live one-line status a watch shows on a terminal:
/// `active  29.9 fps  1843 kbit/s  loss 0.2%  RTT 12 ms  frames 1234`.
///
/// Pure formatting from a statistics snapshot, so tests can pin the text.
public enum WatchStatusLine {
    public static func text(state: String, statistics: ViewerPipelineStatistics, reconnects: Int) -> String {
        let video = statistics.video
        let fps = video?.framesPerSecond ?? 0
        let kilobits = (video?.stream.kilobitsPerSecond ?? 0) + (statistics.audio?.stream.kilobitsPerSecond ?? 0)
        let received = (video?.stream.packetsReceived ?? 0) + (statistics.audio?.stream.packetsReceived ?? 0)
        let lost = (video?.stream.packetsLost ?? 0) + (statistics.audio?.stream.packetsLost ?? 0)
        let loss = received + lost > 0 ? 100 * Double(lost) / Double(received + lost) : 0
        let rtt = statistics.roundTripTimeMilliseconds.map { "\(Int($0.rounded())) ms" } ?? "-"
        var line = "\(state.padding(toLength: 10, withPad: " ", startingAt: 0)) \(format(fps, 1)) fps  "
            + "\(Int(kilobits.rounded())) kbit/s  loss \(format(loss, 1))%  RTT \(rtt)  frames \(video?.framesDecoded ?? 0)"
        if reconnects > 0 { line += "  reconnects \(reconnects)" }
        return line
    }

    private static func format(_ value: Double, _ decimals: Int) -> String {
        let scale = Double([1, 10, 100, 1000][min(decimals, 3)])
        let rounded = (value * scale).rounded() / scale
        let text = String(rounded)
        return text.hasSuffix(".0") && decimals == 0 ? String(text.dropLast(2)) : text
    }
}
