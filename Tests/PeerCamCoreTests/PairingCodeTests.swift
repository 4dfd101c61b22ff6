import Testing
@testable import PeerCamCore
import TestSupport

@Suite("Pairing codes")
struct PairingCodeTests {
    @Test("typed input is case-, hyphen- and space-insensitive; look-alikes map to digits",
          arguments: [
              ("7K3Q-M9XD", "7K3QM9XD"),
              ("7k3q-m9xd", "7K3QM9XD"),
              ("7K3QM9XD", "7K3QM9XD"),
              ("7K3Q M9XD", "7K3QM9XD"),
              ("-7K3Q--M9XD-", "7K3QM9XD"),
              ("ABCD-EFGH", "ABCDEFGH"),
              ("O0oI-iLl1", "00011111"),   // Crockford: O→0, I/L→1
              ("zzzz-zzzz", "ZZZZZZZZ"),
          ])
    func normalisesTypedInput(typed: String, canonical: String) throws {
        let code = try PairingCode(typed: typed)
        #expect(code.canonicalText == canonical)
        #expect(code == (try PairingCode(typed: canonical)))
    }

    @Test(arguments: [
        ("", PairingCodeFormatError.wrongLength(0)),
        ("7K3Q-M9X", .wrongLength(7)),
        ("7K3Q-M9XDA", .wrongLength(9)),
        ("----", .wrongLength(0)),
        ("7K3Q-M9XU", .invalidCharacter(offset: 8)),   // U is excluded from the alphabet
        ("7K3Q_M9XD", .invalidCharacter(offset: 4)),
        ("7K3Q.M9XD", .invalidCharacter(offset: 4)),
        ("7K3Q\tM9XD", .invalidCharacter(offset: 4)),
        ("7K3Q-M9XÉ", .invalidCharacter(offset: 8)),
    ])
    func rejectsMalformedInput(typed: String, error: PairingCodeFormatError) {
        #expect(throws: error) { try PairingCode(typed: typed) }
    }

    @Test func displayTextIsTwoGroupsOfFour() throws {
        let code = try PairingCode(typed: "7k3qm9xd")
        #expect(code.displayText == "7K3Q-M9XD")
        #expect(try PairingCode(typed: code.displayText) == code)
    }

    @Test func descriptionHidesTheCode() throws {
        let code = try PairingCode(typed: "7K3Q-M9XD")
        var dumped = ""
        dump(code, to: &dumped)
        #expect(code.description == "PairingCode(****-****)")
        #expect(!"\(code)".contains("7K3Q"))
        #expect(!String(reflecting: code).contains("7K3Q"))
        #expect(!dumped.contains("7K3Q"))
    }

    @Test func randomCodesUseTheFullAlphabetAndParseBack() throws {
        var generator = SeededGenerator(seed: 42)
        var symbols = Set<Character>()
        for _ in 0..<500 {
            let code = PairingCode.random(using: &generator)
            #expect(try PairingCode(typed: code.displayText) == code)
            symbols.formUnion(code.canonicalText)
        }
        #expect(symbols == Set("0123456789ABCDEFGHJKMNPQRSTVWXYZ"))
    }
}
