// Prints how long SDP work takes on this machine: parsing and serialising real offers, and
// answering them as the camera. Figures, not assertions: run
// `swift run -c release sdp-benchmark [Tests/SDPTests/Fixtures]`.
import Foundation
import SDP

let directory = CommandLine.arguments.dropFirst().first ?? "Tests/SDPTests/Fixtures"
let names = ["chromium-recvonly-offer", "firefox-offer", "aiortc-recvonly-offer", "gstreamer-recvonly-offer", "obs-whip-offer"]
let camera = SDPLocalParameters(
    iceUfrag: "PcAm", icePwd: "peercamIcePasswordOf24ch",
    fingerprints: [SDPFingerprint(algorithm: "sha-256", bytes: Array(repeating: 0xAB, count: 32))],
    direction: .sendonly, ssrcs: SDPLocalSSRCs(video: 1, videoRTX: 2, audio: 3), sessionID: "1",
    video: .optional, audio: .optional)

/// Mean wall time of `body` over `iterations` runs, in microseconds.
func measure(_ iterations: Int, _ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    for _ in 0..<iterations { try body() }
    return Double(DispatchTime.now().uptimeNanoseconds - start) / Double(iterations) / 1000
}

print("fixture                     bytes  lines   parse µs  serialise µs  answer µs")
for name in names {
    var text = try String(contentsOfFile: "\(directory)/\(name).sdp", encoding: .utf8)
    while text.hasPrefix("#"), let newline = text.firstIndex(of: "\n") { text = String(text[text.index(after: newline)...]) }
    let description = try SDPSessionDescription(parsing: text)
    let iterations = 2000
    let parse = try measure(iterations) { _ = try SDPSessionDescription(parsing: text) }
    let serialise = measure(iterations) { _ = description.text }
    let answer = measure(iterations) { _ = try? SDPAnswerer.answer(description, local: camera) }
    let lines = text.split(whereSeparator: \.isNewline).count
    print(name.padding(toLength: 26, withPad: " ", startingAt: 0),
          String(format: "%6d %6d %10.1f %13.1f %10.1f", text.utf8.count, lines, parse, serialise, answer))
}
