import Foundation
import NIOHTTP1
import PeerCamCore

/// What `camera-agent pair`, `devices list`, `devices revoke` and `sessions` call: the running
/// agent's admin socket (see `SignalingAdminAPI`).
public struct SignalingAdminClient: Sendable {
    public let socketPath: String

    public init(socketPath: String) { self.socketPath = socketPath }

    /// Asks for a one-time pairing code.
    public func issuePairingCode() async throws(SignalingClientError) -> AdminIssuedPairingCode {
        let answer = try await SingleRequestHTTPClient.send(.POST, SignalingAdminAPI.pairingCodesPath,
                                                            over: .unixSocket(path: socketPath))
        try answer.requireStatus(201)
        return try decode(AdminIssuedPairingCode.self, answer.body)
    }

    /// Every paired device, revoked ones included.
    public func listDevices() async throws(SignalingClientError) -> [AdminDeviceSummary] {
        let answer = try await SingleRequestHTTPClient.send(.GET, SignalingAdminAPI.devicesPath,
                                                            over: .unixSocket(path: socketPath))
        try answer.requireStatus(200)
        return try decode(AdminDeviceList.self, answer.body).devices
    }

    /// Revokes a device; its live sessions end at once.
    ///
    /// - Returns: false when no such device is paired.
    @discardableResult
    public func revokeDevice(_ id: DeviceID) async throws(SignalingClientError) -> Bool {
        let answer = try await SingleRequestHTTPClient.send(.DELETE, SignalingAdminAPI.devicesPath + "/" + id.rawValue,
                                                            over: .unixSocket(path: socketPath))
        if answer.status == 404 { return false }
        try answer.requireStatus(204)
        return true
    }

    /// Every session the agent knows, live and recently ended, oldest first.
    public func listSessions() async throws(SignalingClientError) -> [CameraSessionSummary] {
        let answer = try await SingleRequestHTTPClient.send(.GET, SignalingAdminAPI.sessionsPath,
                                                            over: .unixSocket(path: socketPath))
        try answer.requireStatus(200)
        return try decode(CameraSessionList.self, answer.body).sessions
    }

    private func decode<Value: Decodable>(_ type: Value.Type, _ body: [UInt8]) throws(SignalingClientError) -> Value {
        do { return try JSONDecoder.admin.decode(type, from: Data(body)) } catch {
            throw .malformedResponse("admin answer: \(error)")
        }
    }
}
