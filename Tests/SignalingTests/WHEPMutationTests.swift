import Foundation
import PeerCamCore
import Testing
import TestSupport
@testable import Signaling

/// "Bad input is a typed refusal, never a crash": mutated real offers and fragments, each
/// sent to a real server, always get a documented status with a JSON code, never a 500.
@Suite struct WHEPMutationTests {
    static let documentedOfferStatuses: Set<Int> = [201, 400, 406]
    static let documentedPatchStatuses: Set<Int> = [204, 400]

    /// One mutation of `text`: a line dropped, duplicated or cut, a byte flipped, or the text
    /// truncated, chosen by `generator`.
    static func mutate(_ text: String, using generator: inout SeededGenerator) -> String {
        var lines = text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        guard !lines.isEmpty else { return text }
        let index = Int.random(in: 0..<lines.count, using: &generator)
        switch Int.random(in: 0..<5, using: &generator) {
        case 0: lines.remove(at: index)
        case 1: lines.insert(lines[index], at: index)
        case 2: lines[index] = String(lines[index].prefix(Int.random(in: 0...lines[index].count, using: &generator)))
        case 3:
            var bytes = Array(lines[index].utf8)
            if !bytes.isEmpty {
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0x20...0x7E, using: &generator)
            }
            lines[index] = String(decoding: bytes, as: UTF8.self)
        default:
            return String(text.prefix(Int.random(in: 0...text.count, using: &generator)))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    @Test func mutatedOffersAreAnsweredOrRefusedWithADocumentedStatus() async throws {
        let handler = try PeerConnectionWHEPHandler(streamCap: 1000, totalCap: 1000)
        let fixture = try await WHEPFixture(handler: handler)
        let offer = try fixture.makeOfferer().offer
        var generator = SeededGenerator(seed: 0x5748_4550)
        var statuses: [Int: Int] = [:]
        for round in 0..<40 {
            var mutated = offer
            for _ in 0...(round % 3) { mutated = Self.mutate(mutated, using: &generator) }
            let answer = try await fixture.client.post(offer: mutated)
            statuses[answer.status, default: 0] += 1
            #expect(Self.documentedOfferStatuses.contains(answer.status), "round \(round): \(answer.status) \(answer.text)")
            if answer.status == 201, let resource = answer.header("Location") {
                #expect(try await fixture.client.delete(resource).status == 204)
            } else {
                #expect(answer.errorCode != nil, "round \(round): no JSON code")
            }
        }
        // The mutations reach both sides of the line: some offers still work, some do not.
        #expect(statuses[201, default: 0] > 0)
        #expect(statuses.filter { $0.key != 201 }.values.reduce(0, +) > 0)
        #expect(handler.liveCount == 0)
    }

    @Test func mutatedFragmentsAreAppliedOrRefusedWithADocumentedStatus() async throws {
        let fixture = try await WHEPFixture()
        let (offerer, _, resource) = try await fixture.createSession()
        let fragment = try offerer.fragment(candidates: try await offerer.gatheredCandidates(), endOfCandidates: true)
        var generator = SeededGenerator(seed: 0x5041_5443)
        var statuses: [Int: Int] = [:]
        var round = 0
        while round < 40 {
            let mutated = Self.mutate(fragment, using: &generator)
            // A flipped byte may turn 127.0.0.1 into a routable address: never hand the ICE
            // agent a candidate that would make it send beyond loopback.
            guard Self.candidatesStayOnLoopback(mutated) else { continue }
            round += 1
            let answer = try await fixture.client.patch(resource, fragment: mutated)
            statuses[answer.status, default: 0] += 1
            #expect(Self.documentedPatchStatuses.contains(answer.status), "round \(round): \(answer.status) \(answer.text)")
            if answer.status != 204 { #expect(answer.errorCode == "malformed-fragment", "round \(round)") }
        }
        #expect(statuses[204, default: 0] > 0)
        #expect(statuses[400, default: 0] > 0)
        #expect(fixture.handler.liveCount == 1)
    }

    /// Whether every `a=candidate` line's address (5th field) is a 127.x.x.x address or no
    /// address at all (then the line is refused before ICE sees it).
    static func candidatesStayOnLoopback(_ fragment: String) -> Bool {
        fragment.components(separatedBy: "\r\n").filter { $0.hasPrefix("a=candidate") }.allSatisfy { line in
            let fields = line.split(separator: " ")
            guard fields.count > 4 else { return true }
            let octets = fields[4].split(separator: ".", omittingEmptySubsequences: false)
            return !(octets.count == 4 && octets.allSatisfy { UInt8($0) != nil }) || octets.first == "127"
        }
    }
}
