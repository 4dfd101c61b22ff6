import Foundation
import Testing
@testable import PeerCamConfig
import TestSupport

/// Whatever an operator's editor leaves in the file, loading either succeeds
/// or names a line that exists: seeded mutations of the shipped example.
@Suite struct ConfigurationMutationTests {

    static let fragments = ["=", "\"", "'", "[", "]", "[[", "#", "\n", ".", ",", "x", "0", "-1", "true",
                            "\"\"\"", "{", "}", " ", "é", "\u{0}", "99999999999999999999"]

    static func mutate(_ text: String, generator: inout SeededGenerator) -> String {
        var characters = Array(text)
        for _ in 0..<Int.random(in: 1...4, using: &generator) {
            let position = Int.random(in: 0...characters.count, using: &generator)
            switch Int.random(in: 0..<3, using: &generator) {
            case 0 where position < characters.count:
                characters.remove(at: position)
            case 1:
                let fragment = fragments.randomElement(using: &generator) ?? "="
                characters.insert(contentsOf: fragment, at: position)
            default:
                let lines = String(characters).split(separator: "\n", omittingEmptySubsequences: false)
                let line = lines.randomElement(using: &generator) ?? ""
                characters.insert(contentsOf: "\n" + line, at: position)
            }
        }
        return String(characters)
    }

    @Test("1000 mutated example files: parse, or an error on a real line", arguments: [1, 2, 3, 4] as [UInt64])
    func mutatedExamples(seed: UInt64) throws {
        let path = ShippedExampleTests.configDirectory.appendingPathComponent("camera-agent.toml").path
        let example = try String(contentsOfFile: path, encoding: .utf8)
        var generator = SeededGenerator(seed: seed)
        var refused = 0
        for round in 0..<250 {
            let text = Self.mutate(example, generator: &generator)
            let lineCount = text.split(separator: "\n", omittingEmptySubsequences: false).count
            do {
                _ = try CameraAgentConfiguration.parse(toml: text, path: path)
            } catch {
                refused += 1
                let line: Int? = switch error {
                case .tomlSyntax(_, let line, _, _): line
                case .unknownKey(_, .file(_, let line)), .wrongType(_, _, _, .file(_, let line)),
                     .invalidValue(_, _, _, .file(_, let line)): line
                default: nil
                }
                #expect(line.map { (1...lineCount).contains($0) } == true,
                        "seed \(seed) round \(round): \(error) outside 1...\(lineCount)")
            }
        }
        // The mutations must actually exercise the error paths.
        #expect(refused > 50)
    }

    @Test("Headers that abort toml++ 3.4's debug build are refused as syntax errors first", arguments: [
        ("[\n", 1, 2), ("[ \n", 1, 3), ("[[\n", 1, 3), ("video.fps = 1\n[=\n", 2, 2), ("[#x\n", 1, 2),
        ("a = 1\n  [\t=]\n", 2, 5), ("[é]\n", 1, 2),
        ("log_level = \"info\"\n# a\u{0}b\n[video]\nfps = 0\n", 2, 4),
    ])
    func headerGuard(text: String, line: Int, column: Int) {
        #expect(TOMLInputGuard.check(text).map { [$0.line, $0.column] } == [line, column])
        #expect {
            try CameraAgentConfiguration.parse(toml: text, path: "c.toml")
        } throws: { error in
            guard case .tomlSyntax("c.toml", line, column, _) = error as? ConfigurationError else { return false }
            return true
        }
    }

    @Test("Brackets in values, strings and comments are not mistaken for headers")
    func headerGuardLeavesValidFilesAlone() throws {
        let text = """
            # [ not a header
            note = \"\"\"
            [
            \"\"\"
            literal = '[ # ]'
            [ice]
            host_addresses = [
              "10.0.0.2", # [
            ]
            [ "video" ]
            fps = 25
            [[ice.servers]]
            urls = [
              "stun:a.example",
            ]
            """
        #expect(TOMLInputGuard.check(text) == nil)
        #expect(throws: ConfigurationError.unknownKey(key: "note", source: .file(path: "c.toml", line: 2))) {
            try CameraAgentConfiguration.parse(toml: text, path: "c.toml")
        }
        let valid = text.replacingOccurrences(of: "note = \"\"\"\n[\n\"\"\"\nliteral = '[ # ]'\n", with: "")
        let configuration = try CameraAgentConfiguration.parse(toml: valid, path: "c.toml")
        #expect(configuration.video.framesPerSecond == 25)
        #expect(configuration.ice.servers == [ICEServer(urls: ["stun:a.example"])])
    }
}
