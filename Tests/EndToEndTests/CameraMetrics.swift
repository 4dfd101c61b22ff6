import Foundation
import Signaling

/// Reads the camera's `GET /metrics` with a paired observer's token, pinned to its certificate.
struct CameraMetrics {
    let camera: PairedCamera

    /// Every sample as `series → value` (`peercam_sessions{state="streaming"}` → 1).
    func scrape() async throws -> [String: Double] {
        let answer = try await OneShotHTTPRequest(
            method: "GET", host: camera.endpoint.host, port: camera.endpoint.port, target: "/metrics",
            headers: [("Authorization", camera.token.authorizationHeaderValue)],
            security: .pinned(camera.fingerprint)).send()
        guard answer.status == 200 else { throw MetricsUnavailable(status: answer.status) }
        var samples: [String: Double] = [:]
        for line in String(decoding: answer.body, as: UTF8.self).split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
            samples[String(line[..<space])] = value
        }
        return samples
    }

    struct MetricsUnavailable: Error { var status: Int }
}
