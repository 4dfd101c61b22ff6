import SDP
import Testing

/// Typed attribute values read and write the grammar of their RFC.
@Suite struct SDPAttributeTests {
    @Test func fingerprintReadsBytesAndWritesUppercaseHex() throws {
        let text = "sha-256 75:4F:CA:8F:4F:E4:CE:5E:67:42:D3:DA:0E:E1:87:2A:E5:E3:02:76:30:FC:AB:F0:B4:7E:24:71:18:38:9C:6E"
        let fingerprint = try SDPFingerprint(attributeValue: text)
        #expect(fingerprint.algorithm == "sha-256")
        #expect(fingerprint.bytes.count == 32 && fingerprint.bytes.first == 0x75 && fingerprint.bytes.last == 0x6E)
        #expect(fingerprint.attribute.value == text)
        #expect(try SDPFingerprint(attributeValue: "SHA-256 " + text.dropFirst(8).lowercased()) == fingerprint)
    }

    @Test(arguments: [
        ("sha-1 " + Array(repeating: "0A", count: 20).joined(separator: ":"), 20),
        ("sha-384 " + Array(repeating: "0A", count: 48).joined(separator: ":"), 48),
        ("sha-512 " + Array(repeating: "0A", count: 64).joined(separator: ":"), 64),
    ])
    func fingerprintLengthFollowsHash(_ text: String, _ length: Int) throws {
        #expect(try SDPFingerprint(attributeValue: text).bytes.count == length)
    }

    @Test func fingerprintRefusesSignedOrOddHex() {
        let body = Array(repeating: "0A", count: 31).joined(separator: ":")
        #expect(throws: SDPAttributeFormatError.fingerprintNotHex("+F:" + body)) {
            try SDPFingerprint(attributeValue: "sha-256 +F:" + body)
        }
        #expect(throws: SDPAttributeFormatError.fingerprintNotHex("A:" + body)) {
            try SDPFingerprint(attributeValue: "sha-256 A:" + body)
        }
    }

    /// RFC 6184 §8.1 profile_idc / profile-iop / level_idc and the compatibility policy.
    @Test(arguments: [
        ("42e01f", SDPH264ProfileLevelID.Profile.constrainedBaseline, true),
        ("42c01f", .constrainedBaseline, true),
        ("42001f", .baseline, true),
        ("4de01f", .constrainedBaseline, true),
        ("4d001f", .main, true),
        ("64001f", .high, true),
        ("f4001f", .other, false),
        ("6e001f", .other, false),
    ])
    func h264ProfileClassification(_ text: String, _ profile: SDPH264ProfileLevelID.Profile, _ compatible: Bool) throws {
        let id = try #require(SDPH264ProfileLevelID(text))
        #expect(id.profile == profile)
        #expect(id.decodesConstrainedBaseline == compatible)
        #expect(id.description == text)
    }

    @Test(arguments: ["", "42e01", "42e01fa", "42g01f", "+2e01f"])
    func h264ProfileLevelIDRefusesMalformed(_ text: String) {
        #expect(SDPH264ProfileLevelID(text) == nil)
    }

    @Test func formatParametersKeepOrderAndBareValues() throws {
        let opus = try SDPFormatParameters(attributeValue: "111 minptime=10; useinbandfec=1")
        #expect(opus.parameters == [.init("minptime", "10"), .init("useinbandfec", "1")])
        #expect(opus["USEINBANDFEC"] == "1")
        let events = try SDPFormatParameters(attributeValue: "101 0-15")
        #expect(events.parameters == [.init("0-15", nil)])
        #expect(events.attribute.value == "101 0-15")
    }

    @Test func extensionMapWithDirectionAndAttributes() throws {
        let map = try SDPExtensionMap(attributeValue: "6/recvonly http://www.webrtc.org/experiments/rtp-hdrext/playout-delay x y")
        #expect(map == SDPExtensionMap(id: 6, direction: .recvonly,
                                       uri: "http://www.webrtc.org/experiments/rtp-hdrext/playout-delay", extensionAttributes: "x y"))
        #expect(map.attribute.value == "6/recvonly http://www.webrtc.org/experiments/rtp-hdrext/playout-delay x y")
    }

    @Test(arguments: SDPDirection.allCases)
    func directionReversesAndIntersects(_ direction: SDPDirection) {
        #expect(direction.reversed.reversed == direction)
        #expect(direction.intersection(.sendrecv) == direction)
        #expect(direction.intersection(.inactive) == .inactive)
    }

    @Test func rtpMapChannelsAndCaseInsensitiveMatch() throws {
        let opus = try SDPRTPMap(attributeValue: "111 OPUS/48000/2")
        #expect(opus.channels == 2 && opus.matches("opus", clockRate: 48_000))
        #expect(opus.attribute.value == "111 OPUS/48000/2")
    }
}
