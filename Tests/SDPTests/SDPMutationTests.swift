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
}
