import SDP
import Synchronization

extension PeerConnection {
    /// The offer with every candidate gathered within `limit` and `a=end-of-candidates` in
    /// each media section, for a WHEP POST that carries everything at once. A gathering that
    /// outlasts `limit` sends what it has (host candidates come first and suffice on a LAN).
    public func createOfferWithCandidates(within limit: Duration) async throws -> String {
        let text = try createOffer()
        let candidates = (try? await gatheredCandidates(within: limit, acceptingPartial: true)) ?? []
        return SDPCandidateLines.adding(candidates, to: text)
    }

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
    /// - Parameter acceptingPartial: after `limit`, return what arrived instead of throwing.
    /// - Throws: ``PeerConnectionGatheringTimeout`` after `limit` (unless `acceptingPartial`).
    public func gatheredCandidates(within limit: Duration, acceptingPartial: Bool = false) async throws -> [String] {
        // A zero limit leaves no time at all, deterministically (the WHEP 504 row is tested so).
        guard limit > .zero || acceptingPartial else { throw PeerConnectionGatheringTimeout(limit: limit) }
        let gathered = GatheredCandidates()
        let candidates = localCandidates
        let complete = await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                for await event in candidates {
                    switch event {
                    case .candidate(let line, _): gathered.lines.withLock { $0.append(line) }
                    case .endOfCandidates: return true
                    }
                }
                return true
            }
            group.addTask {
                try? await Task.sleep(for: max(limit, .zero))
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
        guard complete || acceptingPartial else { throw PeerConnectionGatheringTimeout(limit: limit) }
        return gathered.lines.withLock { $0 }
    }
}

/// Candidates collected while gathering runs, readable when it is cut short.
private final class GatheredCandidates: Sendable {
    let lines = Mutex<[String]>([])
}

/// ICE gathering did not finish in time for a complete (non-trickle) answer.
public struct PeerConnectionGatheringTimeout: Error, Sendable, Equatable {
    public var limit: Duration
}
