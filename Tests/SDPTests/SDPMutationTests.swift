import SDP
import Testing

/// "Parsing never crashes, and whatever parses re-serialises to the same meaning": real
/// offers mutated by dropped lines, truncations and byte flips, seeded so failures replay.
@Suite struct SDPMutationTests {
    /// SplitMix64: a tiny deterministic generator so every run mutates the same way.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static func mutate(_ text: String, using generator: inout SeededGenerator) -> String {
        var bytes = Array(text.utf8)
        switch generator.next() % 4 {
        case 0:  // drop a few lines
            var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            for _ in 0..<(1 + Int(generator.next() % 4)) where !lines.isEmpty {
                lines.remove(at: Int(generator.next() % UInt64(lines.count)))
            }
            return lines.joined(separator: "\r\n")
        case 1:  // truncate anywhere
            return String(decoding: bytes.prefix(Int(generator.next() % UInt64(bytes.count + 1))), as: UTF8.self)
        case 2:  // flip bytes
            for _ in 0..<(1 + Int(generator.next() % 8)) {
                let index = Int(generator.next() % UInt64(bytes.count))
                bytes[index] ^= UInt8(truncatingIfNeeded: generator.next() | 1)
            }
            return String(decoding: bytes, as: UTF8.self)
        default:  // splice a random other line into a random place
            var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            let from = lines[Int(generator.next() % UInt64(lines.count))]
            lines.insert(from, at: Int(generator.next() % UInt64(lines.count)))
            return lines.joined(separator: "\r\n")
        }
    }

    @Test(arguments: SDPFixture.all)
    func mutatedInputNeverCrashesAndReparsesToTheSameValue(_ fixture: SDPFixture) throws {
        let original = try fixture.text
        var generator = SeededGenerator(state: UInt64(original.utf8.count))
        var parsedCount = 0
        var refusedCount = 0
        for _ in 0..<400 {
            let mutated = Self.mutate(original, using: &generator)
            do {
                let parsed = try SDPSessionDescription(parsing: mutated)
                parsedCount += 1
                #expect(try SDPSessionDescription(parsing: parsed.text) == parsed, "mutant: \(mutated)")
                // Negotiation over whatever parsed also never crashes: an answer or a typed error.
                do {
                    let answer = try SDPAnswerer.answer(parsed, local: cameraParameters())
                    #expect(try SDPSessionDescription(parsing: answer.description.text) == answer.description)
                } catch {}
            } catch {
                refusedCount += 1
            }
        }
        // Both outcomes must occur, or the mutations are not exercising the parser.
        #expect(parsedCount > 20)
        #expect(refusedCount > 20)
    }

    /// Trickled candidate lines (every candidate of every fixture) with flipped bytes and
    /// truncations: a typed error or a candidate that writes back to an equal one.
    @Test func mutatedCandidateLinesNeverCrash() throws {
        let lines = try SDPFixture.all.flatMap { try $0.description.media.flatMap(\.candidates).map(\.candidateLine) }
        #expect(lines.count > 20)
        var generator = SeededGenerator(state: 8445)
        var parsed = 0
        for line in lines {
            for _ in 0..<50 {
                var bytes = Array(line.utf8)
                if generator.next() % 2 == 0 {
                    bytes = Array(bytes.prefix(Int(generator.next() % UInt64(bytes.count + 1))))
                } else {
                    let index = Int(generator.next() % UInt64(bytes.count))
                    bytes[index] ^= UInt8(truncatingIfNeeded: generator.next() | 1)
                }
                guard let candidate = try? SDPCandidate(parsing: String(decoding: bytes, as: UTF8.self)) else { continue }
                parsed += 1
                #expect(try SDPCandidate(parsing: candidate.candidateLine) == candidate)
            }
        }
        #expect(parsed > 0)
    }

    @Test func mutatedTrickleFragmentsNeverCrash() throws {
        let candidates = try SDPFixture(name: "chromium-recvonly-offer").description.media[0].candidates
        let text = SDPTrickleFragment(ufrag: "EsAw", pwd: "P2uYro0UCOQ4zxjKXaWCBui1", mid: "0",
                                      candidates: candidates, endOfCandidates: true).text
        var generator = SeededGenerator(state: 8840)
        for _ in 0..<500 {
            let mutated = Self.mutate(text, using: &generator)
            guard let fragment = try? SDPTrickleFragment(parsing: mutated) else { continue }
            #expect(try SDPTrickleFragment(parsing: fragment.text) == fragment)
        }
    }
}
