import Testing
@testable import PeerCamCore

typealias ViewerMachine = ViewerSessionStateMachine<ManualClock>

/// The states a viewer session can be in, each with the events that lead there
/// from a fresh machine at t = 0 (so an armed deadline is always t + 30 s).
enum ViewerStateFixture: String, SessionStateFixture {
    typealias Machine = ViewerMachine

    case idle, awaitingStart, negotiating, active, ended

    static func freshMachine(clock: ManualClock) -> ViewerMachine {
        ViewerMachine(clock: clock, connectTimeout: ViewerTransitionTable.connectTimeout)
    }

    var path: [ViewerMachine.Event] {
        switch self {
        case .idle: []
        case .awaitingStart: [.start]
        case .negotiating: [.start, .streamStarted(Fixture.session)]
        case .active: [.start, .streamStarted(Fixture.session), .mediaConnected]
        case .ended: [.start, .stop(.hangup)]
        }
    }

    var state: ViewerMachine.State {
        switch self {
        case .idle: .idle
        case .awaitingStart: .connecting(session: nil)
        case .negotiating: .connecting(session: Fixture.session)
        case .active: .active(session: Fixture.session)
        case .ended: .ended(.hangup)
        }
    }
}

/// Every kind of event, with how far the clock moves before it is delivered.
enum ViewerEventFixture: String, SessionEventFixture {
    typealias Machine = ViewerMachine

    case start, streamStarted, mediaConnected, mediaFailed, remoteEnded, signalingLost, stop
    /// The timer fires before the deadline (a stale or early timer).
    case timeoutEarly
    /// The timer fires exactly at the deadline.
    case timeoutDue

    var event: ViewerMachine.Event {
        switch self {
        case .start: .start
        case .streamStarted: .streamStarted(Fixture.session)
        case .mediaConnected: .mediaConnected
        case .mediaFailed: .mediaFailed
        case .remoteEnded: .remoteEnded(.busy)
        case .signalingLost: .signalingLost
        case .stop: .stop(.hangup)
        case .timeoutEarly, .timeoutDue: .timeoutFired
        }
    }

    var advance: Duration {
        switch self {
        case .timeoutEarly: .seconds(29)
        case .timeoutDue: ViewerTransitionTable.connectTimeout
        default: .zero
        }
    }
}

typealias ViewerTransition = SessionTransition<ViewerStateFixture, ViewerEventFixture>

/// The viewer's legal transitions, as in docs/protocol.md § Viewer session. Every
/// (state, event) pair not listed here must be rejected.
enum ViewerTransitionTable {
    static let connectTimeout: Duration = .seconds(30)
    static let deadline = ManualClock.Instant(offset: connectTimeout)
    static let session = Fixture.session

    typealias T = ViewerTransition

    static let table = SessionTransitionTable<ViewerStateFixture, ViewerEventFixture>(legal: [
        T(from: .idle, on: .start): (.connecting(session: nil), [.sendRequest, .scheduleTimeout(at: deadline)]),

        T(from: .awaitingStart, on: .streamStarted): (.connecting(session: session), []),
        T(from: .awaitingStart, on: .remoteEnded): (.ended(.busy), [.cancelTimeout, .close(reason: .busy)]),
        T(from: .awaitingStart, on: .signalingLost):
            (.ended(.cameraGone), [.cancelTimeout, .close(reason: .cameraGone)]),
        T(from: .awaitingStart, on: .stop): (.ended(.hangup), [.cancelTimeout, .close(reason: .hangup)]),
        T(from: .awaitingStart, on: .timeoutEarly): (.connecting(session: nil), []),
        T(from: .awaitingStart, on: .timeoutDue): (.ended(.timeout), [.close(reason: .timeout)]),

        T(from: .negotiating, on: .mediaConnected): (.active(session: session), [.cancelTimeout]),
        T(from: .negotiating, on: .mediaFailed): (.ended(.iceFailed),
            [.cancelTimeout, .sendEnd(session: session, reason: .iceFailed), .close(reason: .iceFailed)]),
        T(from: .negotiating, on: .remoteEnded): (.ended(.busy), [.cancelTimeout, .close(reason: .busy)]),
        T(from: .negotiating, on: .signalingLost):
            (.ended(.cameraGone), [.cancelTimeout, .close(reason: .cameraGone)]),
        T(from: .negotiating, on: .stop): (.ended(.hangup),
            [.cancelTimeout, .sendEnd(session: session, reason: .hangup), .close(reason: .hangup)]),
        T(from: .negotiating, on: .timeoutEarly): (.connecting(session: session), []),
        T(from: .negotiating, on: .timeoutDue):
            (.ended(.timeout), [.sendEnd(session: session, reason: .timeout), .close(reason: .timeout)]),

        T(from: .active, on: .mediaFailed):
            (.ended(.iceFailed), [.sendEnd(session: session, reason: .iceFailed), .close(reason: .iceFailed)]),
        T(from: .active, on: .remoteEnded): (.ended(.busy), [.close(reason: .busy)]),
        T(from: .active, on: .signalingLost): (.ended(.cameraGone), [.close(reason: .cameraGone)]),
        T(from: .active, on: .stop):
            (.ended(.hangup), [.sendEnd(session: session, reason: .hangup), .close(reason: .hangup)]),
        T(from: .active, on: .timeoutEarly): (.active(session: session), []),
        T(from: .active, on: .timeoutDue): (.active(session: session), []),

        T(from: .ended, on: .timeoutEarly): (.ended(.hangup), []),
        T(from: .ended, on: .timeoutDue): (.ended(.hangup), []),
    ])
}

@Suite("Viewer session state machine: idle → connecting → active → ended")
struct ViewerSessionStateMachineTests {
    @Test func tableCoversEveryStateAndEvent() {
        ViewerTransitionTable.table.checkCoverage(legalCount: 22)
    }

    @Test(arguments: ViewerTransitionTable.table.legalCells)
    func legalTransition(_ cell: ViewerTransition) throws {
        try ViewerTransitionTable.table.checkLegal(cell)
    }

    @Test(arguments: ViewerTransitionTable.table.illegalCells)
    func illegalTransitionIsATypedErrorAndChangesNothing(_ cell: ViewerTransition) throws {
        try ViewerTransitionTable.table.checkIllegal(cell)
    }

    @Test func deadlineIsMeasuredFromStartOnTheInjectedClock() throws {
        let clock = ManualClock()
        clock.advance(by: .seconds(100))
        var machine = ViewerMachine(clock: clock, connectTimeout: .seconds(5))
        #expect(try machine.handle(.start) == [.sendRequest, .scheduleTimeout(at: .init(offset: .seconds(105)))])
        clock.advance(by: .seconds(5) - .nanoseconds(1))
        #expect(try machine.handle(.timeoutFired) == [])
        #expect(machine.state == .connecting(session: nil))
        clock.advance(by: .nanoseconds(1))
        #expect(try machine.handle(.timeoutFired) == [.close(reason: .timeout)])
        #expect(machine.state == .ended(.timeout))
    }

    @Test func lateTimerAfterConnectingIsIgnored() throws {
        let clock = ManualClock()
        var machine = ViewerMachine(clock: clock)
        _ = try machine.handle(.start)
        _ = try machine.handle(.streamStarted(Fixture.session))
        clock.advance(by: .seconds(10))
        #expect(try machine.handle(.mediaConnected) == [.cancelTimeout])
        clock.advance(by: .seconds(3_600))
        #expect(try machine.handle(.timeoutFired) == [])
        #expect(machine.state == .active(session: Fixture.session))
    }

    @Test func timerFiringLongAfterTheDeadlineStillTimesOut() throws {
        let clock = ManualClock()
        var machine = ViewerMachine(clock: clock, connectTimeout: .seconds(1))
        _ = try machine.handle(.start)
        _ = try machine.handle(.streamStarted(Fixture.session))
        clock.advance(by: .seconds(500))
        #expect(try machine.handle(.timeoutFired)
            == [.sendEnd(session: Fixture.session, reason: .timeout), .close(reason: .timeout)])
    }

    @Test func machineStillWorksAfterAnIllegalEvent() throws {
        let clock = ManualClock()
        var machine = ViewerMachine(clock: clock)
        _ = try machine.handle(.start)
        #expect(throws: ViewerMachine.IllegalTransition.self) { try machine.handle(.mediaConnected) }
        _ = try machine.handle(.streamStarted(Fixture.session))
        #expect(throws: ViewerMachine.IllegalTransition(state: .connecting(session: Fixture.session),
                                                        event: .streamStarted(Fixture.otherSession))) {
            try machine.handle(.streamStarted(Fixture.otherSession))
        }
        #expect(try machine.handle(.mediaConnected) == [.cancelTimeout])
    }

    @Test(arguments: [SessionEndReason.hangup, .shutdown, .error("decoder crashed"), .unauthorized, .revoked])
    func remoteAndLocalEndsCarryTheirReason(reason: SessionEndReason) throws {
        var (remote, _) = try ViewerTransitionTable.table.machine(in: .active)
        #expect(try remote.handle(.remoteEnded(reason)) == [.close(reason: reason)])
        #expect(remote.state == .ended(reason))
        var (local, _) = try ViewerTransitionTable.table.machine(in: .active)
        #expect(try local.handle(.stop(reason)) == [.sendEnd(session: Fixture.session, reason: reason), .close(reason: reason)])
        #expect(local.state == .ended(reason))
    }
}
