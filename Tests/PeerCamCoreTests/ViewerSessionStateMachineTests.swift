import Testing
@testable import PeerCamCore

typealias ViewerMachine = ViewerSessionStateMachine<ManualClock>

/// The states a viewer session can be in, each with the events that lead there
/// from a fresh machine at t = 0 (so an armed deadline is always t + 30 s).
enum ViewerStateFixture: String, CaseIterable, Sendable {
    case idle, awaitingStart, negotiating, active, ended

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
enum ViewerEventFixture: String, CaseIterable, Sendable {
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

struct ViewerTransition: Sendable, Hashable, CustomTestStringConvertible {
    let from: ViewerStateFixture
    let on: ViewerEventFixture
    var testDescription: String { "\(from.rawValue) × \(on.rawValue)" }
}

/// The viewer's legal transitions, as in docs/protocol.md § Viewer session. Every
/// (state, event) pair not listed here must be rejected.
enum ViewerTransitionTable {
    static let connectTimeout: Duration = .seconds(30)
    static let deadline = ManualClock.Instant(offset: connectTimeout)
    static let session = Fixture.session

    static let legal: [ViewerTransition: (ViewerMachine.State, [ViewerMachine.Action])] = [
        .init(from: .idle, on: .start): (.connecting(session: nil), [.sendRequest, .scheduleTimeout(at: deadline)]),

        .init(from: .awaitingStart, on: .streamStarted): (.connecting(session: session), []),
        .init(from: .awaitingStart, on: .remoteEnded): (.ended(.busy), [.cancelTimeout, .close(reason: .busy)]),
        .init(from: .awaitingStart, on: .signalingLost):
            (.ended(.cameraGone), [.cancelTimeout, .close(reason: .cameraGone)]),
        .init(from: .awaitingStart, on: .stop): (.ended(.hangup), [.cancelTimeout, .close(reason: .hangup)]),
        .init(from: .awaitingStart, on: .timeoutEarly): (.connecting(session: nil), []),
        .init(from: .awaitingStart, on: .timeoutDue): (.ended(.timeout), [.close(reason: .timeout)]),

        .init(from: .negotiating, on: .mediaConnected): (.active(session: session), [.cancelTimeout]),
        .init(from: .negotiating, on: .mediaFailed): (.ended(.iceFailed),
            [.cancelTimeout, .sendEnd(session: session, reason: .iceFailed), .close(reason: .iceFailed)]),
        .init(from: .negotiating, on: .remoteEnded): (.ended(.busy), [.cancelTimeout, .close(reason: .busy)]),
        .init(from: .negotiating, on: .signalingLost):
            (.ended(.cameraGone), [.cancelTimeout, .close(reason: .cameraGone)]),
        .init(from: .negotiating, on: .stop): (.ended(.hangup),
            [.cancelTimeout, .sendEnd(session: session, reason: .hangup), .close(reason: .hangup)]),
        .init(from: .negotiating, on: .timeoutEarly): (.connecting(session: session), []),
        .init(from: .negotiating, on: .timeoutDue):
            (.ended(.timeout), [.sendEnd(session: session, reason: .timeout), .close(reason: .timeout)]),

        .init(from: .active, on: .mediaFailed):
            (.ended(.iceFailed), [.sendEnd(session: session, reason: .iceFailed), .close(reason: .iceFailed)]),
        .init(from: .active, on: .remoteEnded): (.ended(.busy), [.close(reason: .busy)]),
        .init(from: .active, on: .signalingLost): (.ended(.cameraGone), [.close(reason: .cameraGone)]),
        .init(from: .active, on: .stop):
            (.ended(.hangup), [.sendEnd(session: session, reason: .hangup), .close(reason: .hangup)]),
        .init(from: .active, on: .timeoutEarly): (.active(session: session), []),
        .init(from: .active, on: .timeoutDue): (.active(session: session), []),

        .init(from: .ended, on: .timeoutEarly): (.ended(.hangup), []),
        .init(from: .ended, on: .timeoutDue): (.ended(.hangup), []),
    ]

    /// The full state × event product.
    static let all: [ViewerTransition] = ViewerStateFixture.allCases.flatMap { state in
        ViewerEventFixture.allCases.map { ViewerTransition(from: state, on: $0) }
    }

    static let legalTransitions = all.filter { legal[$0] != nil }
    static let illegalTransitions = all.filter { legal[$0] == nil }

    /// A machine in `fixture`'s state, and its clock, still at t = 0.
    static func machine(in fixture: ViewerStateFixture) throws -> (ViewerMachine, ManualClock) {
        let clock = ManualClock()
        var machine = ViewerMachine(clock: clock, connectTimeout: connectTimeout)
        for event in fixture.path { _ = try machine.handle(event) }
        #expect(machine.state == fixture.state)
        return (machine, clock)
    }
}

@Suite("Viewer session state machine: idle → connecting → active → ended")
struct ViewerSessionStateMachineTests {
    @Test func tableCoversEveryStateAndEvent() {
        #expect(ViewerTransitionTable.all.count == ViewerStateFixture.allCases.count * ViewerEventFixture.allCases.count)
        #expect(ViewerTransitionTable.legalTransitions.count == ViewerTransitionTable.legal.count)
        #expect(ViewerTransitionTable.illegalTransitions.count == 45 - 22)
    }

    @Test(arguments: ViewerTransitionTable.legalTransitions)
    func legalTransition(_ transition: ViewerTransition) throws {
        let (expectedState, expectedActions) = try #require(ViewerTransitionTable.legal[transition])
        var (machine, clock) = try ViewerTransitionTable.machine(in: transition.from)
        clock.advance(by: transition.on.advance)
        let actions = try machine.handle(transition.on.event)
        #expect(actions == expectedActions)
        #expect(machine.state == expectedState)
    }

    @Test(arguments: ViewerTransitionTable.illegalTransitions)
    func illegalTransitionIsATypedErrorAndChangesNothing(_ transition: ViewerTransition) throws {
        var (machine, clock) = try ViewerTransitionTable.machine(in: transition.from)
        clock.advance(by: transition.on.advance)
        #expect(throws: ViewerMachine.IllegalTransition(state: transition.from.state, event: transition.on.event)) {
            try machine.handle(transition.on.event)
        }
        #expect(machine.state == transition.from.state)
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
        var (remote, _) = try ViewerTransitionTable.machine(in: .active)
        #expect(try remote.handle(.remoteEnded(reason)) == [.close(reason: reason)])
        #expect(remote.state == .ended(reason))
        var (local, _) = try ViewerTransitionTable.machine(in: .active)
        #expect(try local.handle(.stop(reason)) == [.sendEnd(session: Fixture.session, reason: reason), .close(reason: reason)])
        #expect(local.state == .ended(reason))
    }
}
