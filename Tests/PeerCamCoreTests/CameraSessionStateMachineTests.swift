import Testing
@testable import PeerCamCore

typealias CameraMachine = CameraSessionStateMachine<ManualClock>

/// The states a camera session can be in, each with the events that lead there
/// from a fresh machine at t = 0 (so an armed deadline is always t + 30 s).
enum CameraStateFixture: String, CaseIterable, Sendable {
    case requested, accepted, streaming, ended

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
enum CameraEventFixture: String, CaseIterable, Sendable {
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

struct CameraTransition: Sendable, Hashable, CustomTestStringConvertible {
    let from: CameraStateFixture
    let on: CameraEventFixture
    var testDescription: String { "\(from.rawValue) × \(on.rawValue)" }
}

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

    static let legal: [CameraTransition: (CameraMachine.State, [CameraMachine.Action])] = [
        .init(from: .requested, on: .accept): (.requested(accepted: true),
            [.sendAccept(session: session), .sendOffer(session: session), .scheduleTimeout(at: deadline)]),
        .init(from: .requested, on: .decline): (.ended(.busy), ended(.busy, notify: true, cancel: false)),
        .init(from: .requested, on: .viewerEnded): (.ended(.hangup), ended(.hangup, notify: false, cancel: false)),
        .init(from: .requested, on: .viewerGone):
            (.ended(.viewerGone), ended(.viewerGone, notify: false, cancel: false)),
        .init(from: .requested, on: .stop): (.ended(.cameraGone), ended(.cameraGone, notify: true, cancel: false)),

        .init(from: .accepted, on: .mediaConnected): (.streaming, [.cancelTimeout, .startMedia(session: session)]),
        .init(from: .accepted, on: .mediaFailed): (.ended(.iceFailed), ended(.iceFailed, notify: true, cancel: true)),
        .init(from: .accepted, on: .viewerEnded): (.ended(.hangup), ended(.hangup, notify: false, cancel: true)),
        .init(from: .accepted, on: .viewerGone): (.ended(.viewerGone), ended(.viewerGone, notify: false, cancel: true)),
        .init(from: .accepted, on: .stop): (.ended(.cameraGone), ended(.cameraGone, notify: true, cancel: true)),
        .init(from: .accepted, on: .timeoutEarly): (.requested(accepted: true), []),
        .init(from: .accepted, on: .timeoutDue): (.ended(.timeout), ended(.timeout, notify: true, cancel: false)),

        .init(from: .streaming, on: .mediaFailed): (.ended(.iceFailed), ended(.iceFailed, notify: true, cancel: false)),
        .init(from: .streaming, on: .viewerEnded): (.ended(.hangup), ended(.hangup, notify: false, cancel: false)),
        .init(from: .streaming, on: .viewerGone):
            (.ended(.viewerGone), ended(.viewerGone, notify: false, cancel: false)),
        .init(from: .streaming, on: .stop): (.ended(.cameraGone), ended(.cameraGone, notify: true, cancel: false)),
        .init(from: .streaming, on: .timeoutEarly): (.streaming, []),
        .init(from: .streaming, on: .timeoutDue): (.streaming, []),

        .init(from: .ended, on: .timeoutEarly): (.ended(.shutdown), []),
        .init(from: .ended, on: .timeoutDue): (.ended(.shutdown), []),
    ]

    /// The full state × event product.
    static let all: [CameraTransition] = CameraStateFixture.allCases.flatMap { state in
        CameraEventFixture.allCases.map { CameraTransition(from: state, on: $0) }
    }

    static let legalTransitions = all.filter { legal[$0] != nil }
    static let illegalTransitions = all.filter { legal[$0] == nil }

    /// A machine in `fixture`'s state, and its clock, still at t = 0.
    static func machine(in fixture: CameraStateFixture) throws -> (CameraMachine, ManualClock) {
        let clock = ManualClock()
        var machine = CameraMachine(session: session, viewer: Fixture.viewer, clock: clock,
                                    negotiationTimeout: negotiationTimeout)
        for event in fixture.path { _ = try machine.handle(event) }
        #expect(machine.state == fixture.state)
        return (machine, clock)
    }
}

@Suite("Camera session state machine: requested → streaming → ended")
struct CameraSessionStateMachineTests {
    @Test func tableCoversEveryStateAndEvent() {
        #expect(CameraTransitionTable.all.count == CameraStateFixture.allCases.count * CameraEventFixture.allCases.count)
        #expect(CameraTransitionTable.legalTransitions.count == CameraTransitionTable.legal.count)
        #expect(CameraTransitionTable.illegalTransitions.count == 36 - 20)
    }

    @Test(arguments: CameraTransitionTable.legalTransitions)
    func legalTransition(_ transition: CameraTransition) throws {
        let (expectedState, expectedActions) = try #require(CameraTransitionTable.legal[transition])
        var (machine, clock) = try CameraTransitionTable.machine(in: transition.from)
        clock.advance(by: transition.on.advance)
        let actions = try machine.handle(transition.on.event)
        #expect(actions == expectedActions)
        #expect(machine.state == expectedState)
    }

    @Test(arguments: CameraTransitionTable.illegalTransitions)
    func illegalTransitionIsATypedErrorAndChangesNothing(_ transition: CameraTransition) throws {
        var (machine, clock) = try CameraTransitionTable.machine(in: transition.from)
        clock.advance(by: transition.on.advance)
        #expect(throws: CameraMachine.IllegalTransition(state: transition.from.state, event: transition.on.event)) {
            try machine.handle(transition.on.event)
        }
        #expect(machine.state == transition.from.state)
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
        var (machine, _) = try CameraTransitionTable.machine(in: .requested)
        let beforeConnect = try machine.handle(.accept)
        #expect(!beforeConnect.contains(.startMedia(session: Fixture.session)))
        #expect(try machine.handle(.mediaConnected).contains(.startMedia(session: Fixture.session)))
    }

    @Test(arguments: [SessionEndReason.revoked, .shutdown, .cameraGone, .error("encoder failed")])
    func localStopNotifiesTheViewerWithItsReason(reason: SessionEndReason) throws {
        var (machine, _) = try CameraTransitionTable.machine(in: .streaming)
        #expect(try machine.handle(.stop(reason))
            == [.sendEnded(session: Fixture.session, reason: reason), .close(reason: reason)])
        #expect(machine.state == .ended(reason))
        #expect(machine.viewer == Fixture.viewer)
    }

    @Test(arguments: [SessionEndReason.unauthorized, .busy, .revoked])
    func declineEndsBeforeAnyNegotiation(reason: SessionEndReason) throws {
        var (machine, _) = try CameraTransitionTable.machine(in: .requested)
        #expect(try machine.handle(.decline(reason))
            == [.sendEnded(session: Fixture.session, reason: reason), .close(reason: reason)])
        #expect(throws: CameraMachine.IllegalTransition.self) { try machine.handle(.accept) }
    }
}
