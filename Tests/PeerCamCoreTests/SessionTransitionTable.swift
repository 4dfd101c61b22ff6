import Testing
@testable import PeerCamCore

/// A state of a session machine under test, with the events that reach it from a
/// fresh machine at t = 0.
protocol SessionStateFixture: CaseIterable, Hashable, Sendable, RawRepresentable<String> {
    associatedtype Machine: SessionStateMachine
    var path: [Machine.Event] { get }
    var state: Machine.State { get }
    /// A fresh machine on `clock`.
    static func freshMachine(clock: ManualClock) -> Machine
}

/// An event kind under test, with how far the clock moves before it is delivered.
protocol SessionEventFixture: CaseIterable, Hashable, Sendable, RawRepresentable<String> {
    associatedtype Machine: SessionStateMachine
    var event: Machine.Event { get }
    var advance: Duration { get }
}

/// One cell of the state × event table.
struct SessionTransition<From: SessionStateFixture, On: SessionEventFixture>: Sendable, Hashable,
    CustomTestStringConvertible where From.Machine == On.Machine {
    let from: From
    let on: On
    var testDescription: String { "\(from.rawValue) × \(on.rawValue)" }
}

/// A machine's legal transitions; every other cell of the full product is illegal.
/// The illegal set is derived, never listed by hand.
struct SessionTransitionTable<From: SessionStateFixture, On: SessionEventFixture> where From.Machine == On.Machine {
    typealias Machine = From.Machine
    typealias Cell = SessionTransition<From, On>

    let legal: [Cell: (Machine.State, [Machine.Action])]

    var all: [Cell] { From.allCases.flatMap { state in On.allCases.map { Cell(from: state, on: $0) } } }
    var legalCells: [Cell] { all.filter { legal[$0] != nil } }
    var illegalCells: [Cell] { all.filter { legal[$0] == nil } }

    /// A machine in `fixture`'s state, and its clock, still at t = 0.
    func machine(in fixture: From) throws -> (Machine, ManualClock) {
        let clock = ManualClock()
        var machine = From.freshMachine(clock: clock)
        for event in fixture.path { _ = try machine.handle(event) }
        #expect(machine.state == fixture.state)
        return (machine, clock)
    }

    func checkLegal(_ cell: Cell) throws {
        let (expectedState, expectedActions) = try #require(legal[cell])
        var (machine, clock) = try machine(in: cell.from)
        clock.advance(by: cell.on.advance)
        let actions = try machine.handle(cell.on.event)
        #expect(actions == expectedActions)
        #expect(machine.state == expectedState)
    }

    func checkIllegal(_ cell: Cell) throws {
        var (machine, clock) = try machine(in: cell.from)
        clock.advance(by: cell.on.advance)
        #expect(throws: IllegalSessionTransition(state: cell.from.state, event: cell.on.event)) {
            try machine.handle(cell.on.event)
        }
        #expect(machine.state == cell.from.state)
    }

    func checkCoverage(legalCount: Int) {
        #expect(all.count == From.allCases.count * On.allCases.count)
        #expect(Set(all).count == all.count)
        #expect(legalCells.count == legal.count, "every legal entry is a cell of the product")
        #expect(legal.count == legalCount)
    }
}
