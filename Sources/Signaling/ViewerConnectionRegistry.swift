import DeviceStore
import NIOWebSocket
import PeerCamCore

/// The live viewer connections and which sessions each owns.
///
/// Ownership is what makes "unknown session ids are refused" hold: a session id is
/// bound to the connection whose `stream:request` created it, and a message naming
/// any other id (another viewer's, an ended one, a made-up one) is refused.
actor ViewerConnectionRegistry {
    /// One authenticated WebSocket connection of a viewer.
    struct Connection: Sendable {
        let id: Int
        let device: PairedDevice
        let channel: WebSocketTextChannel
    }

    private var connections: [Int: Connection] = [:]
    private var sessionsByConnection: [Int: Set<SessionID>] = [:]
    private var ownerBySession: [SessionID: Int] = [:]
    private var nextID = 0

    func register(device: PairedDevice, channel: WebSocketTextChannel) -> Connection {
        nextID += 1
        let connection = Connection(id: nextID, device: device, channel: channel)
        connections[connection.id] = connection
        sessionsByConnection[connection.id] = []
        return connection
    }

    /// Forgets a connection; returns the sessions it still owned.
    func unregister(_ connectionID: Int) -> [SessionID] {
        connections[connectionID] = nil
        let sessions = sessionsByConnection.removeValue(forKey: connectionID) ?? []
        for session in sessions { ownerBySession[session] = nil }
        return sessions.sorted()
    }

    /// Binds a fresh session id to a connection (nil if the connection is gone).
    func openSession(on connectionID: Int) -> SessionID? {
        guard connections[connectionID] != nil else { return nil }
        var session = SessionID.random()
        while ownerBySession[session] != nil { session = .random() }
        ownerBySession[session] = connectionID
        sessionsByConnection[connectionID, default: []].insert(session)
        return session
    }

    /// Whether `session` is live and owned by `connectionID`.
    func owns(_ connectionID: Int, _ session: SessionID) -> Bool { ownerBySession[session] == connectionID }

    func endSession(_ session: SessionID) {
        guard let owner = ownerBySession.removeValue(forKey: session) else { return }
        sessionsByConnection[owner]?.remove(session)
    }

    /// The connection that owns `session`.
    func connection(owning session: SessionID) -> Connection? {
        ownerBySession[session].flatMap { connections[$0] }
    }

    /// Closes every connection of `device` and forgets them and their sessions.
    /// - Returns: the sessions that ended.
    func closeConnections(of device: DeviceID, code: WebSocketErrorCode, reason: String) -> [SessionID] {
        var ended: [SessionID] = []
        for connection in connections.values where connection.device.id == device {
            connection.channel.close(code, reason: reason)
            ended += unregister(connection.id)
        }
        return ended.sorted()
    }

    /// Closes every connection (server shutdown); returns each viewer's sessions.
    func closeAll(code: WebSocketErrorCode, reason: String) -> [(DeviceID, [SessionID])] {
        connections.values.map { connection in
            connection.channel.close(code, reason: reason)
            return (connection.device.id, unregister(connection.id))
        }
    }

    var connectionCount: Int { connections.count }
    var sessionCount: Int { ownerBySession.count }
}
