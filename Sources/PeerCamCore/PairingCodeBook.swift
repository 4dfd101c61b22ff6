/// The camera's list of live pairing codes: issues them, and redeems each at most
/// once, before it expires, while limiting how many wrong guesses anyone gets.
///
/// Pure logic over an injected clock; the signaling server owns one instance and
/// calls it from `POST /pair`. Codes are kept only as SHA-256 digests.
///
/// Each code's digest is remembered for one more lifetime after it expires or is
/// used, so a late or repeated attempt gets an accurate answer (`.expired`,
/// `.alreadyUsed`) instead of counting as a guess.
///
/// Guessing rule: every well-formed code that matches nothing counts as a failed
/// attempt. When `Policy.maximumFailedAttempts` is reached, every outstanding code is
/// destroyed and the book refuses all redemptions (`.lockedOut`) until the operator
/// issues a new code. With 40-bit codes and 5 guesses per issued code the chance of a
/// successful guess is about 5 in 10¹², and a locked book tells the operator someone
/// tried.
public struct PairingCodeBook<C: Clock>: Sendable where C.Duration == Duration {
    /// Limits that make a short code safe.
    public struct Policy: Sendable, Equatable {
        /// How long an issued code stays redeemable.
        public var lifetime: Duration
        /// Wrong guesses tolerated (across all codes) before the book locks.
        public var maximumFailedAttempts: Int
        /// Codes that may be outstanding at once; bounds memory and the guessing target.
        public var maximumOutstandingCodes: Int

        public init(lifetime: Duration = .seconds(300), maximumFailedAttempts: Int = 5,
                    maximumOutstandingCodes: Int = 8) {
            self.lifetime = lifetime
            self.maximumFailedAttempts = maximumFailedAttempts
            self.maximumOutstandingCodes = maximumOutstandingCodes
        }
    }

    /// What a redeemed code grants.
    public struct Grant: Sendable, Equatable {
        /// The role the new device gets.
        public let role: Role
        /// When the code stops being redeemable, on the book's clock.
        public let expiresAt: C.Instant
    }

    public let policy: Policy
    private let clock: C
    private var outstanding: [[UInt8]: Grant] = [:]
    /// Codes that were used or expired, and when to forget them.
    private var retired: [[UInt8]: (outcome: PairingRedemptionError, forgetAt: C.Instant)] = [:]
    private var failedAttempts = 0
    private var isLockedOut = false

    public init(clock: C, policy: Policy = Policy()) {
        self.clock = clock
        self.policy = policy
    }

    /// Codes issued and neither redeemed nor expired.
    public var outstandingCount: Int {
        let now = clock.now
        return outstanding.values.count { $0.expiresAt > now }
    }

    /// Issues a new code for a device that will get `role`; resets the failed-attempt
    /// count and lifts a lock-out, since the operator is evidently present.
    ///
    /// - Throws: `PairingIssueError.tooManyOutstandingCodes` when the limit is reached.
    public mutating func issue<Generator: RandomNumberGenerator>(
        role: Role = .viewer, using generator: inout Generator
    ) throws(PairingIssueError) -> (code: PairingCode, grant: Grant) {
        removeExpired()
        guard outstanding.count < policy.maximumOutstandingCodes else {
            throw .tooManyOutstandingCodes(limit: policy.maximumOutstandingCodes)
        }
        var code = PairingCode.random(using: &generator)
        while outstanding[code.digest] != nil || retired[code.digest] != nil {
            code = PairingCode.random(using: &generator)
        }
        let grant = Grant(role: role, expiresAt: clock.now.advanced(by: policy.lifetime))
        outstanding[code.digest] = grant
        failedAttempts = 0
        isLockedOut = false
        return (code, grant)
    }

    /// Issues a new code from the system's cryptographic generator.
    public mutating func issue(role: Role = .viewer) throws(PairingIssueError) -> (code: PairingCode, grant: Grant) {
        var generator = SystemRandomNumberGenerator()
        return try issue(role: role, using: &generator)
    }

    /// Redeems a code as a person typed it; on success the code is spent.
    ///
    /// - Throws: `PairingRedemptionError` saying exactly why the code grants nothing.
    public mutating func redeem(_ typed: String) throws(PairingRedemptionError) -> Grant {
        guard !isLockedOut else { throw .lockedOut }
        let code: PairingCode
        do { code = try PairingCode(typed: typed) } catch { throw .malformedCode(error) }
        let now = clock.now
        let digest = code.digest
        if let grant = outstanding[digest] {
            outstanding[digest] = nil
            let forgetAt = grant.expiresAt.advanced(by: policy.lifetime)
            guard grant.expiresAt > now else {
                retired[digest] = (.expired, forgetAt)
                throw .expired
            }
            retired[digest] = (.alreadyUsed, forgetAt)
            return grant
        }
        if let memory = retired[digest], memory.forgetAt > now { throw memory.outcome }
        failedAttempts += 1
        if failedAttempts >= policy.maximumFailedAttempts {
            isLockedOut = true
            outstanding.removeAll()
            throw .lockedOut
        }
        throw .unknownCode
    }

    /// Forgets every outstanding code (the operator cancelled pairing).
    public mutating func revokeAll() {
        outstanding.removeAll()
    }

    private mutating func removeExpired() {
        let now = clock.now
        for (digest, grant) in outstanding where grant.expiresAt <= now {
            outstanding[digest] = nil
            retired[digest] = (.expired, grant.expiresAt.advanced(by: policy.lifetime))
        }
        retired = retired.filter { $0.value.forgetAt > now }
    }
}

/// Why no new pairing code can be issued.
public enum PairingIssueError: Error, Sendable, Equatable {
    /// `Policy.maximumOutstandingCodes` codes are live already.
    case tooManyOutstandingCodes(limit: Int)
}

/// Why a pairing code grants nothing. `POST /pair` maps these to HTTP statuses
/// (see `docs/protocol.md` § Pairing).
public enum PairingRedemptionError: Error, Sendable, Equatable {
    /// The text is not a pairing code at all (not counted as a guess).
    case malformedCode(PairingCodeFormatError)
    /// Well-formed, but no live code matches: counted as a failed guess.
    case unknownCode
    /// The code existed but its lifetime has passed.
    case expired
    /// The code was already redeemed: codes are single use.
    case alreadyUsed
    /// Too many wrong guesses: all codes are void until a new one is issued.
    case lockedOut
}
