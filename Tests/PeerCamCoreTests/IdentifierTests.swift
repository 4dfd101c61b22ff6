import Foundation
import Testing
@testable import PeerCamCore
import TestSupport

@Suite("Role, DeviceID, SessionID, DeviceIdentity")
struct IdentifierTests {
    @Test(arguments: [("camera", Role.camera), ("viewer", Role.viewer)])
    func roleParsesItsWireSpelling(text: String, role: Role) throws {
        #expect(try Role(parsing: text) == role)
        #expect(role.description == text)
    }

    @Test(arguments: ["", "Camera", "VIEWER", "admin", " camera", "camera "])
    func roleRejectsEverythingElse(text: String) {
        #expect(throws: RoleParsingError.unknownRole) { try Role(parsing: text) }
    }

    @Test("16 bytes map to 26 symbols, top bits first",
          arguments: [
              ([UInt8](repeating: 0, count: 16), "00000000000000000000000000"),
              ([UInt8](repeating: 0xFF, count: 16), "7ZZZZZZZZZZZZZZZZZZZZZZZZZ"),
              ([0x80] + [UInt8](repeating: 0, count: 15), "40000000000000000000000000"),
              ([UInt8](repeating: 0, count: 15) + [0x01], "00000000000000000000000001"),
              ([UInt8](repeating: 0, count: 15) + [0x1F], "0000000000000000000000000Z"),
          ])
    func identifierEncodesBytes(bytes: [UInt8], text: String) throws {
        let id = DeviceID(bytes: bytes)
        #expect(id.rawValue == text)
        #expect(try DeviceID(parsing: text) == id)
    }

    @Test(arguments: [
        ("", IdentifierFormatError.wrongLength(0)),
        ("01J9Z3K4M5N6P7Q8R9S0T1V2W", .wrongLength(25)),
        ("01J9Z3K4M5N6P7Q8R9S0T1V2W3X", .wrongLength(27)),
        ("01j9Z3K4M5N6P7Q8R9S0T1V2W3", .invalidSymbol(offset: 2)),   // lower case: ids are machine-written
        ("01J9Z3K4M5N6P7Q8R9S0T1V2WU", .invalidSymbol(offset: 25)),  // U is not in the alphabet
        ("0IJ9Z3K4M5N6P7Q8R9S0T1V2W3", .invalidSymbol(offset: 1)),   // no look-alike mapping
        ("01J9Z3K4M5N6P7Q8R9S0T1V2-3", .invalidSymbol(offset: 24)),
        ("81J9Z3K4M5N6P7Q8R9S0T1V2W3", .exceeds128Bits),
        ("é1J9Z3K4M5N6P7Q8R9S0T1V2W", .invalidSymbol(offset: 0)),    // 26 bytes, 25 characters
    ])
    func identifierRejectsMalformedText(text: String, error: IdentifierFormatError) {
        #expect(throws: error) { try SessionID(parsing: text) }
        #expect(throws: error) { try DeviceID(parsing: text) }
    }

    @Test func randomIdentifiersAreCanonicalAndDistinct() throws {
        var generator = SeededGenerator(seed: 7)
        var seen = Set<SessionID>()
        for _ in 0..<1_000 {
            let id = SessionID.random(using: &generator)
            #expect(try SessionID(parsing: id.rawValue) == id)
            seen.insert(id)
        }
        #expect(seen.count == 1_000)
        #expect(SessionID.random() != SessionID.random())
    }

    @Test func identifierCodableUsesTextAndValidates() throws {
        let encoded = try JSONEncoder().encode([Fixture.viewer])
        #expect(String(decoding: encoded, as: UTF8.self) == "[\"\(Fixture.viewer.rawValue)\"]")
        #expect(try JSONDecoder().decode([DeviceID].self, from: encoded) == [Fixture.viewer])
        #expect(throws: IdentifierFormatError.wrongLength(3)) {
            try JSONDecoder().decode([DeviceID].self, from: Data("[\"abc\"]".utf8))
        }
    }

    @Test func deviceIdentityRoundTripsThroughJSON() throws {
        let identity = try DeviceIdentity(id: Fixture.camera, role: .camera, name: "Kitchen camera")
        let decoded = try JSONDecoder().decode(DeviceIdentity.self, from: JSONEncoder().encode(identity))
        #expect(decoded == identity)
    }

    @Test(arguments: [
        ("", DeviceNameError.empty),
        (String(repeating: "x", count: 65), .tooLong(65)),
        (String(repeating: "é", count: 33), .tooLong(66)),
        ("line\nbreak", .controlCharacter),
        ("tab\there", .controlCharacter),
    ])
    func deviceIdentityRejectsBadNames(name: String, error: DeviceNameError) {
        #expect(throws: error) { try DeviceIdentity(id: Fixture.viewer, role: .viewer, name: name) }
    }

    @Test func deviceIdentityDecodingRejectsUnknownRole() {
        let json = #"{"id":"0123456789ABCDEFGHJKMNPQRS","role":"admin","name":"x"}"#
        #expect(throws: RoleParsingError.unknownRole) {
            try JSONDecoder().decode(DeviceIdentity.self, from: Data(json.utf8))
        }
    }
}
