import PeerCamCore

/// The WHEP session resources the server has handed out (`Location`), who owns each, and its
/// current ETag ([RFC 9725 §4.3.1](https://www.rfc-editor.org/rfc/rfc9725#section-4.3.1)).
///
/// Ownership lives here, not in the agent, so "only the viewer that created a session may
/// PATCH or DELETE it" and "If-Match must name the current ICE session" hold the same way for
/// every handler.
actor WHEPSessionRegistry {
    struct Resource: Sendable, Equatable {
        let stream: String
        let viewer: DeviceID
        var eTag: String
    }

    private var resources: [SessionID: Resource] = [:]
    /// Sessions being created (the handler is still answering), so a revocation that lands
    /// meanwhile is not lost.
    private var pending: [SessionID: DeviceID] = [:]
    private var revokedWhilePending: Set<SessionID> = []

    /// A fresh session id, reserved for `viewer` until `commit` or `abandon`.
    func reserve(for viewer: DeviceID) -> SessionID {
        var session = SessionID.random()
        while resources[session] != nil || pending[session] != nil { session = .random() }
        pending[session] = viewer
        return session
    }

    /// Makes a reserved session a resource with its first ETag.
    /// - Returns: false when the viewer was revoked while the handler answered (the caller
    ///   ends the session instead).
    func commit(_ session: SessionID, stream: String, eTag: String) -> Bool {
        guard let viewer = pending.removeValue(forKey: session) else { return false }
        if revokedWhilePending.remove(session) != nil { return false }
        resources[session] = Resource(stream: stream, viewer: viewer, eTag: eTag)
        return true
    }

    func abandon(_ session: SessionID) {
        pending[session] = nil
        revokedWhilePending.remove(session)
    }

    func resource(_ session: SessionID) -> Resource? { resources[session] }

    func setETag(_ eTag: String, of session: SessionID) {
        resources[session]?.eTag = eTag
    }

    /// Forgets a session; returns whether it was known.
    @discardableResult
    func remove(_ session: SessionID) -> Bool { resources.removeValue(forKey: session) != nil }

    /// Forgets every session of `viewer` (revocation), marking ones still being created.
    func removeAll(of viewer: DeviceID) -> [SessionID] {
        for (session, owner) in pending where owner == viewer { revokedWhilePending.insert(session) }
        let ended = resources.filter { $0.value.viewer == viewer }.keys.sorted()
        for session in ended { resources[session] = nil }
        return ended
    }

    /// Forgets every session (shutdown); returns them by viewer.
    func removeAll() -> [DeviceID: [SessionID]] {
        let byViewer = Dictionary(grouping: resources, by: { $0.value.viewer }).mapValues { $0.map(\.key).sorted() }
        resources.removeAll()
        return byViewer
    }

    var count: Int { resources.count }
}
