import Testing
import TestSupport
import ViewerAgentCore

/// The reconnect delays: doubling from the initial value up to the ceiling, each drawn within
/// [half, whole] of the step, reset after media flowed again.
@Suite("ReconnectBackoff: bounded, jittered, exponential")
struct ReconnectBackoffTests {
    @Test("Every delay lies in [ceiling/2, ceiling] and the ceiling doubles up to the maximum", arguments: [1, 2, 3, 42])
    func bounds(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        var backoff = ReconnectBackoff(initial: .milliseconds(500), maximum: .seconds(30))
        let ceilings: [Duration] = [.milliseconds(500), .seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(16),
                                    .seconds(30), .seconds(30), .seconds(30)]
        for ceiling in ceilings {
            #expect(backoff.ceiling == ceiling)
            let delay = backoff.nextDelay(using: &generator)
            #expect(delay >= ceiling / 2 && delay <= ceiling, "\(delay) outside [\(ceiling / 2), \(ceiling)]")
        }
        #expect(backoff.attempt == ceilings.count)
    }

    @Test("Jitter: the same seed gives the same delays, different seeds different ones, and they spread over the range")
    func jitterIsSeededAndSpread() {
        func delays(seed: UInt64) -> [Duration] {
            var generator = SeededGenerator(seed: seed)
            var backoff = ReconnectBackoff(initial: .seconds(1), maximum: .seconds(1))
            return (0..<200).map { _ in backoff.nextDelay(using: &generator) }
        }
        #expect(delays(seed: 7) == delays(seed: 7))
        #expect(delays(seed: 7) != delays(seed: 8))
        let spread = delays(seed: 9)
        #expect(spread.contains { $0 < .milliseconds(600) } && spread.contains { $0 > .milliseconds(900) },
                "draws cover both ends of [0.5 s, 1 s]")
        #expect(Set(spread).count > 150, "not a handful of fixed values")
    }

    @Test("reset() starts over from the initial delay; huge attempt counts never overflow")
    func resetAndLongOutages() {
        var generator = SeededGenerator(seed: 1)
        var backoff = ReconnectBackoff(initial: .milliseconds(10), maximum: .seconds(600))
        for _ in 0..<500 { _ = backoff.nextDelay(using: &generator) }
        #expect(backoff.ceiling == .seconds(600))
        backoff.reset()
        #expect(backoff.attempt == 0)
        #expect(backoff.ceiling == .milliseconds(10))
        #expect(backoff.nextDelay(using: &generator) <= .milliseconds(10))
    }

    @Test("Degenerate settings are made safe: maximum below initial, zero initial")
    func degenerate() {
        let inverted = ReconnectBackoff(initial: .seconds(5), maximum: .seconds(1))
        #expect(inverted.maximum == .seconds(5))
        let zero = ReconnectBackoff(initial: .zero, maximum: .seconds(1))
        #expect(zero.initial > .zero)
    }
}
