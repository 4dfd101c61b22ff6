import Foundation
import SDP
import Testing

/// A real session description kept in `Fixtures/`, named after the implementation that wrote it.
/// The first lines starting with `#` record where it came from (see Fixtures/README.md) and are
/// not part of the SDP.
struct SDPFixture: CustomTestStringConvertible, Sendable {
    let name: String

    var testDescription: String { name }

    static let offers: [SDPFixture] = [
        "aiortc-recvonly-offer", "aiortc-sendrecv-offer", "chromium-recvonly-offer", "chromium-sendrecv-offer",
        "firefox-offer", "gstreamer-recvonly-offer", "gstreamer-sendonly-offer", "obs-whip-offer",
    ].map(SDPFixture.init)
    static let answers: [SDPFixture] = ["aiortc-sendonly-answer"].map(SDPFixture.init)
    static let all = offers + answers

    /// The SDP text without the provenance comment.
    var text: String {
        get throws {
            guard let url = Bundle.module.url(forResource: name, withExtension: "sdp", subdirectory: "Fixtures") else {
                throw CocoaError(.fileNoSuchFile)
            }
            var text = try String(contentsOf: url, encoding: .utf8)[...]
            while text.hasPrefix("#"), let newline = text.firstIndex(of: "\n") {
                text = text[text.index(after: newline)...]
            }
            return String(text)
        }
    }

    var description: SDPSessionDescription {
        get throws { try SDPSessionDescription(parsing: text) }
    }
}

/// Local parameters as a camera agent would pass them: fixed values so answers are repeatable.
func cameraParameters(video: SDPMediaRequirement = .required, audio: SDPMediaRequirement = .optional,
                      direction: SDPDirection = .sendonly) -> SDPLocalParameters {
    SDPLocalParameters(
        iceUfrag: "PcAm", icePwd: "peercamIcePasswordOf24ch",
        fingerprints: [SDPFingerprint(algorithm: "sha-256", bytes: Array(0..<32))],
        direction: direction, ssrcs: SDPLocalSSRCs(video: 0x1111_1111, videoRTX: 0x2222_2222, audio: 0x3333_3333),
        sessionID: "4611731400430051336",
        candidates: [SDPCandidate(foundation: "1", priority: 2_130_706_431, address: "192.0.2.10", port: 50_000, type: .host)],
        endOfCandidates: true, video: video, audio: audio, cname: "camera-cname", streamID: "camera")
}
