/// Limits how fast `POST /pair` is tried, per remote address and in total.
///
/// The code book already locks after 5 wrong guesses; this limiter keeps one noisy
/// client from burning those guesses (and the operator's patience) in a burst, and
/// bounds the work a flood of attempts causes. Sliding windows over an injected
/// clock: at most `perAddress` attempts from one address and `total` attempts from
/// everyone within any `window`. Tracked addresses are bounded too; past
/// `maximumTrackedAddresses`, unknown addresses share the global budget only.
public struct PairingRateLimiter<C: Clock>: Sendable where C.Duration == Duration {
    public struct Policy: Sendable, Equatable {
        public var window: Duration
        public var perAddress: Int
        public var total: Int
        public var maximumTrackedAddresses: Int

        public init(window: Duration = .seconds(60), perAddress: Int = 5, total: Int = 30,
                    maximumTrackedAddresses: Int = 4_096) {
            self.window = window
            self.perAddress = perAddress
            self.total = total
            self.maximumTrackedAddresses = maximumTrackedAddresses
        }
    }

    /// Why an attempt is not admitted, and when the client may retry.
    public enum Refusal: Error, Sendable, Equatable {
        case addressLimit(retryAfter: Duration)
        case totalLimit(retryAfter: Duration)

        public var retryAfter: Duration {
            switch self {
            case .addressLimit(let delay), .totalLimit(let delay): delay
            }
        }
    }

    public let policy: Policy
    private let clock: C
    private var attemptsByAddress: [String: [C.Instant]] = [:]
    private var allAttempts: [C.Instant] = []

    public init(clock: C, policy: Policy = Policy()) {
        self.clock = clock
        self.policy = policy
    }

    /// Records an attempt from `address` if the limits allow it.
    ///
    /// - Throws: `Refusal` (the attempt is not recorded).
    public mutating func admit(address: String) throws(Refusal) {
        let now = clock.now
        let horizon = now.advanced(by: .zero - policy.window)
        allAttempts.removeAll { $0 <= horizon }
        if attemptsByAddress.count >= policy.maximumTrackedAddresses {
            attemptsByAddress = attemptsByAddress.compactMapValues { times in
                let recent = times.filter { $0 > horizon }
                return recent.isEmpty ? nil : recent
            }
        }
        var mine = attemptsByAddress[address, default: []]
        mine.removeAll { $0 <= horizon }
        if mine.count >= policy.perAddress, let oldest = mine.first {
            throw .addressLimit(retryAfter: now.duration(to: oldest.advanced(by: policy.window)))
        }
        if allAttempts.count >= policy.total, let oldest = allAttempts.first {
            throw .totalLimit(retryAfter: now.duration(to: oldest.advanced(by: policy.window)))
        }
        allAttempts.append(now)
        if attemptsByAddress[address] != nil || attemptsByAddress.count < policy.maximumTrackedAddresses {
            mine.append(now)
            attemptsByAddress[address] = mine
        }
    }

    /// Gives back the most recent attempt from `address`: it redeemed a valid code. A code
    /// is single use and only the operator issues them, so successes need no limit; only
    /// guesses should use up the budget (pairing eight viewers in a minute must work).
    public mutating func forgive(address: String) {
        if let index = attemptsByAddress[address]?.indices.last { attemptsByAddress[address]?.remove(at: index) }
        if let index = allAttempts.indices.last { allAttempts.remove(at: index) }
    }
}
