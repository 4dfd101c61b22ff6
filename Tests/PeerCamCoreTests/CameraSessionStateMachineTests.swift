import Testing
@testable import PeerCamCore

typealias CameraMachine = CameraSessionStateMachine<ManualClock>

/// The states a camera session can be in, each with the events that lead there
/// from a fresh machine at t = 0 (so an armed deadline is always t + 30 s).
enum CameraStateFixture: String, SessionStateFixture {
    typealias Machine = CameraMachine

    case requested, accepted, streaming, ended

    static func freshMachine(clock: ManualClock) -> CameraMachine {
        CameraMachine(session: Fixture.session, viewer: Fixture.viewer, clock: clock,
                      negotiationTimeout: CameraTransitionTable.negotiationTimeout)
    }

    var path: [CameraMachine.Event] {
        switch self {
        case .requested: []
        case .accepted: [.accept]
        case .streaming: [.accept, .mediaConnected]
        case .ended: [.stop(.shutdown)]
        }
    }

    var state: CameraMachine.State {
        switch self {
        case .requested: .requested(accepted: false)
        case .accepted: .requested(accepted: true)
        case .streaming: .streaming
        case .ended: .ended(.shutdown)
        }
    }
}

/// Every kind of event, with how far the clock moves before it is delivered.
enum CameraEventFixture: String, SessionEventFixture {
    typealias Machine = CameraMachine

    case accept, decline, mediaConnected, mediaFailed, viewerEnded, viewerGone, stop
    /// The timer fires before the deadline (a stale or early timer).
    case timeoutEarly
    /// The timer fires exactly at the deadline.
    case timeoutDue

    var event: CameraMachine.Event {
        switch self {
        case .accept: .accept
        case .decline: .decline(.busy)
        case .mediaConnected: .mediaConnected
        case .mediaFailed: .mediaFailed
        case .viewerEnded: .viewerEnded(.hangup)
        case .viewerGone: .viewerGone
        case .stop: .stop(.cameraGone)
        case .timeoutEarly, .timeoutDue: .timeoutFired
        }
    }

    var advance: Duration {
        switch self {
        case .timeoutEarly: .seconds(29)
        case .timeoutDue: CameraTransitionTable.negotiationTimeout
        default: .zero
        }
    }
}

typealias CameraTransition = SessionTransition<CameraStateFixture, CameraEventFixture>

/// The camera's legal transitions, as in docs/protocol.md § Camera session. Every
/// (state, event) pair not listed here must be rejected.
enum CameraTransitionTable {
    static let negotiationTimeout: Duration = .seconds(30)
    static let deadline = ManualClock.Instant(offset: negotiationTimeout)
    static let session = Fixture.session

    static func ended(_ reason: SessionEndReason, notify: Bool, cancel: Bool) -> [CameraMachine.Action] {
        (cancel ? [.cancelTimeout] : []) + (notify ? [.sendEnded(session: session, reason: reason)] : [])
            + [.close(reason: reason)]
    }

    typealias T = CameraTransition

    static let table = SessionTransitionTable<CameraStateFixture, CameraEventFixture>(legal: [
        T(from: .requested, on: .accept): (.requested(accepted: true),
            [.sendAccept(session: session), .sendOffer(session: session), .scheduleTimeout(at: deadline)]),
        T(from: .requested, on: .decline): (.ended(.busy), ended(.busy, notify: true, cancel: false)),
        T(from: .requested, on: .viewerEnded): (.ended(.hangup), ended(.hangup, notify: false, cancel: false)),
        T(from: .requested, on: .viewerGone):
            (.ended(.viewerGone), ended(.viewerGone, notify: false, cancel: false)),
        T(from: .requested, on: .stop): (.ended(.cameraGone), ended(.cameraGone, notify: true, cancel: false)),

        T(from: .accepted, on: .mediaConnected): (.streaming, [.cancelTimeout, .startMedia(session: session)]),
        T(from: .accepted, on: .mediaFailed): (.ended(.iceFailed), ended(.iceFailed, notify: true, cancel: true)),
        T(from: .accepted, on: .viewerEnded): (.ended(.hangup), ended(.hangup, notify: false, cancel: true)),
        T(from: .accepted, on: .viewerGone): (.ended(.viewerGone), ended(.viewerGone, notify: false, cancel: true)),
        T(from: .accepted, on: .stop): (.ended(.cameraGone), ended(.cameraGone, notify: true, cancel: true)),
        T(from: .accepted, on: .timeoutEarly): (.requested(accepted: true), []),
        T(from: .accepted, on: .timeoutDue): (.ended(.timeout), ended(.timeout, notify: true, cancel: false)),

        T(from: .streaming, on: .mediaFailed): (.ended(.iceFailed), ended(.iceFailed, notify: true, cancel: false)),
        T(from: .streaming, on: .viewerEnded): (.ended(.hangup), ended(.hangup, notify: false, cancel: false)),
        T(from: .streaming, on: .viewerGone):
            (.ended(.viewerGone), ended(.viewerGone, notify: false, cancel: false)),
        T(from: .streaming, on: .stop): (.ended(.cameraGone), ended(.cameraGone, notify: true, cancel: false)),
        T(from: .streaming, on: .timeoutEarly): (.streaming, []),
        T(from: .streaming, on: .timeoutDue): (.streaming, []),

        T(from: .ended, on: .timeoutEarly): (.ended(.shutdown), []),
        T(from: .ended, on: .timeoutDue): (.ended(.shutdown), []),
    ])
}

@Suite("Camera session state machine: requested → streaming → ended")
struct CameraSessionStateMachineTests {
    @Test func tableCoversEveryStateAndEvent() {
        CameraTransitionTable.table.checkCoverage(legalCount: 20)
    }

    @Test(arguments: CameraTransitionTable.table.legalCells)
    func legalTransition(_ cell: CameraTransition) throws {
        try CameraTransitionTable.table.checkLegal(cell)
    }

    @Test(arguments: CameraTransitionTable.table.illegalCells)
    func illegalTransitionIsATypedErrorAndChangesNothing(_ cell: CameraTransition) throws {
        try CameraTransitionTable.table.checkIllegal(cell)
    }

    @Test func negotiationDeadlineStartsAtAcceptNotAtCreation() throws {
        let clock = ManualClock()
        var machine = CameraMachine(session: Fixture.session, viewer: Fixture.viewer, clock: clock,
                                    negotiationTimeout: .seconds(10))
        clock.advance(by: .seconds(7))
        #expect(try machine.handle(.accept).last == .scheduleTimeout(at: .init(offset: .seconds(17))))
        clock.advance(by: .seconds(9))
        #expect(try machine.handle(.timeoutFired) == [])
        clock.advance(by: .seconds(1))
        #expect(try machine.handle(.timeoutFired)
            == [.sendEnded(session: Fixture.session, reason: .timeout), .close(reason: .timeout)])
        #expect(machine.state == .ended(.timeout))
    }

    @Test func mediaStartsOnlyOnceConnected() throws {
        var (machine, _) = try CameraTransitionTable.table.machine(in: .requested)
        let beforeConnect = try machine.handle(.accept)
        #expect(!beforeConnect.contains(.startMedia(session: Fixture.session)))
        #expect(try machine.handle(.mediaConnected).contains(.startMedia(session: Fixture.session)))
    }

    @Test(arguments: [SessionEndReason.revoked, .shutdown, .cameraGone, .error("encoder failed")])
    func localStopNotifiesTheViewerWithItsReason(reason: SessionEndReason) throws {
        var (machine, _) = try CameraTransitionTable.table.machine(in: .streaming)
        #expect(try machine.handle(.stop(reason))
            == [.sendEnded(session: Fixture.session, reason: reason), .close(reason: reason)])
        #expect(machine.state == .ended(reason))
        #expect(machine.viewer == Fixture.viewer)
    }

    @Test(arguments: [SessionEndReason.unauthorized, .busy, .revoked])
    func declineEndsBeforeAnyNegotiation(reason: SessionEndReason) throws {
        var (machine, _) = try CameraTransitionTable.table.machine(in: .requested)
        #expect(try machine.handle(.decline(reason))
            == [.sendEnded(session: Fixture.session, reason: reason), .close(reason: reason)])
        #expect(throws: CameraMachine.IllegalTransition.self) { try machine.handle(.accept) }
    }
}
