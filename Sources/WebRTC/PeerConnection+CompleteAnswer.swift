import SDP

extension PeerConnection {
    /// The answer with every local candidate and `a=end-of-candidates` written into its first
    /// (BUNDLE-tag) section, for peers that get no trickled candidates from us: WHEP has no
    /// server-to-client trickle (RFC 9725 §4.3), so the answer must carry them.
    ///
    /// Consumes ``localCandidates``: do not also relay them.
    /// - Throws: ``PeerConnectionGatheringTimeout`` when gathering has not finished within
    ///   `limit` (a zero limit fails at once), or what `createAnswer()` throws.
    public func createAnswerWithCandidates(within limit: Duration) async throws -> String {
        let text = try createAnswer()
        let candidates = try await gatheredCandidates(within: limit)
        var description = try SDPSessionDescription(parsing: text)
        guard !description.media.isEmpty else { return text }
        description.media[0].attributes += candidates.map { SDPAttribute("candidate", String($0.dropFirst("candidate:".count))) }
        description.media[0].attributes.append(SDPAttribute("end-of-candidates"))
        return description.text
    }

    /// Every local candidate (`candidate:…`) once gathering has finished, for a complete
    /// offer or answer. Consumes ``localCandidates``.
    /// - Throws: ``PeerConnectionGatheringTimeout`` after `limit`.
    public func gatheredCandidates(within limit: Duration) async throws -> [String] {
        guard limit > .zero else { throw PeerConnectionGatheringTimeout(limit: limit) }
        let candidates = localCandidates
        return try await withThrowingTaskGroup(of: [String]?.self) { group in
            group.addTask {
                var lines: [String] = []
                for await event in candidates {
                    switch event {
                    case .candidate(let line, _): lines.append(line)
                    case .endOfCandidates: return lines
                    }
                }
                return lines
            }
            group.addTask {
                try await Task.sleep(for: limit)
                return nil
            }
            defer { group.cancelAll() }
            guard let lines = try await group.next() ?? nil else { throw PeerConnectionGatheringTimeout(limit: limit) }
            return lines
        }
    }
}

/// ICE gathering did not finish in time for a complete (non-trickle) answer.
public struct PeerConnectionGatheringTimeout: Error, Sendable, Equatable {
    public var limit: Duration
}
