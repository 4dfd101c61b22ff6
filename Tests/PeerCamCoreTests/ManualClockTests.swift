import Testing
@testable import PeerCamCore

@Suite("ManualClock: time that moves only when told")
struct ManualClockTests {
    @Test func nowMovesOnlyOnAdvance() {
        let clock = ManualClock()
        let start = clock.now
        #expect(clock.now == start)
        clock.advance(by: .milliseconds(1_500))
        #expect(clock.now == start.advanced(by: .seconds(1.5)))
        #expect(start.duration(to: clock.now) == .milliseconds(1_500))
    }

    @Test func sleeperWakesWhenTheDeadlineIsReached() async throws {
        let clock = ManualClock()
        let deadline = clock.now.advanced(by: .seconds(10))
        let sleeper = Task { try await clock.sleep(until: deadline) }
        // Let the sleeper register, then check that a partial advance does not wake it.
        try await waitUntilSleeping(clock)
        clock.advance(by: .seconds(9))
        #expect(clock.sleeperCount == 1, "not yet due: still suspended")
        clock.advance(by: .seconds(1))
        #expect(clock.sleeperCount == 0)
        try await sleeper.value
    }

    @Test func sleepUntilThePastReturnsAtOnce() async throws {
        let clock = ManualClock()
        clock.advance(by: .seconds(5))
        try await clock.sleep(until: .init(offset: .seconds(1)))
    }

    @Test func cancellingASleeperThrowsCancellationError() async throws {
        let clock = ManualClock()
        let sleeper = Task { try await clock.sleep(until: clock.now.advanced(by: .seconds(60))) }
        try await waitUntilSleeping(clock)
        sleeper.cancel()
        await #expect(throws: CancellationError.self) { try await sleeper.value }
        #expect(clock.sleeperCount == 0)
        // A later advance must not resume the cancelled continuation twice.
        clock.advance(by: .seconds(120))
    }

    private func waitUntilSleeping(_ clock: ManualClock) async throws {
        for _ in 0..<500 where clock.sleeperCount == 0 { try await Task.sleep(for: .milliseconds(2)) }
        #expect(clock.sleeperCount == 1)
    }
}
