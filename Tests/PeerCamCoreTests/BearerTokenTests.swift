import Crypto
import Testing
@testable import PeerCamCore

@Suite("Bearer tokens (RFC 6750)")
struct BearerTokenTests {
    /// A token with chosen secret bytes.
    static func token(_ bytes: [UInt8]) -> BearerToken {
        var generator = ReplayGenerator(bytes: bytes)
        return BearerToken.generate(using: &generator)
    }

    static let secret: [UInt8] = Array(0..<32)

    @Test func wireFormIs43UnpaddedBase64URLCharacters() throws {
        let token = Self.token(Self.secret)
        // 0x00…0x1F in base64url (RFC 4648 §5), padding removed.
        #expect(token.wireText == "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8")
        #expect(token.wireText.utf8.count == BearerToken.wireLength)
        let maxed = Self.token([UInt8](repeating: 0xFF, count: 32))
        #expect(maxed.wireText == String(repeating: "_", count: 42) + "8")
        let parsed = try BearerToken(parsing: token.wireText)
        #expect(parsed.wireText == token.wireText)
    }

    @Test func generatedTokensAreRandomAndRoundTrip() throws {
        var seen = Set<String>()
        for _ in 0..<200 {
            let token = BearerToken.generate()
            #expect(token.wireText.utf8.count == 43)
            #expect(try BearerToken(parsing: token.wireText).digest == token.digest)
            seen.insert(token.wireText)
        }
        #expect(seen.count == 200)
    }

    @Test func digestIsSHA256OfTheSecretBytes() {
        let token = Self.token(Self.secret)
        #expect(token.digest.bytes == Array(SHA256.hash(data: Self.secret)))
        #expect(token.digest.hex == "630dcd2966c4336691125448bbb25b4ff412a49c732db2c8abc1b8581bd710dd")
        #expect(token.digest.fingerprint == "630dcd29")
    }

    @Test func digestVerifiesOnlyItsOwnToken() throws {
        let stored = Self.token(Self.secret).digest
        #expect(stored.verifies(try BearerToken(parsing: Self.token(Self.secret).wireText)))

        var lastByteDiffers = Self.secret
        lastByteDiffers[31] ^= 0x01
        #expect(!stored.verifies(Self.token(lastByteDiffers)))

        var firstByteDiffers = Self.secret
        firstByteDiffers[0] ^= 0x80
        #expect(!stored.verifies(Self.token(firstByteDiffers)))

        // A wrong token of equal length, from the same alphabet.
        let wrong = try BearerToken(parsing: "BBECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8")
        #expect(!stored.verifies(wrong))
        #expect(!stored.verifies(BearerToken.generate()))
    }

    @Test("constant-time comparison checks every byte position",
          arguments: 0..<32)
    func constantTimeEqualityFindsADifferenceAnywhere(position: Int) {
        var other = Self.secret
        other[position] ^= 0x40
        #expect(!BearerTokenDigest.constantTimeEqual(Self.secret, other))
        #expect(BearerTokenDigest.constantTimeEqual(Self.secret, Self.secret))
        #expect(!BearerTokenDigest.constantTimeEqual(Self.secret, Array(Self.secret.dropLast())))
    }

    @Test func digestRoundTripsThroughItsStoredHex() throws {
        let digest = Self.token(Self.secret).digest
        #expect(try BearerTokenDigest(hex: digest.hex) == digest)
        #expect(throws: BearerTokenDigestFormatError.wrongLength(63)) { try BearerTokenDigest(hex: String(digest.hex.dropLast())) }
        #expect(throws: BearerTokenDigestFormatError.invalidDigit(offset: 1)) {
            try BearerTokenDigest(hex: "6G" + digest.hex.dropFirst(2))
        }
        #expect(throws: BearerTokenDigestFormatError.invalidDigit(offset: 0)) {
            try BearerTokenDigest(hex: "A" + digest.hex.dropFirst())
        }
    }

    @Test func noDescriptionEverShowsTheSecret() {
        let token = BearerToken.generate()
        let secret = token.wireText
        var dumped = ""
        dump(token, to: &dumped)
        let renderings = [
            token.description, token.debugDescription, String(describing: token), String(reflecting: token),
            "\(token)", dumped, String(describing: [token]), String(describing: Optional(token)),
        ]
        for rendering in renderings {
            #expect(!rendering.contains(secret), "secret leaked in: \(rendering)")
            #expect(!rendering.contains(secret.prefix(8)), "secret prefix leaked in: \(rendering)")
        }
        #expect(token.description == "BearerToken(sha256:\(token.digest.fingerprint)…)")
        #expect(Mirror(reflecting: token).children.isEmpty)
    }

    @Test(arguments: [
        ("", BearerTokenFormatError.wrongLength(0)),
        ("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh", .wrongLength(42)),
        ("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", .wrongLength(44)),  // padding is not allowed
        ("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8AAAA", .wrongLength(47)),
        ("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdH=8", .invalidCharacter(offset: 41)),
        ("+AECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8", .invalidCharacter(offset: 0)),   // base64, not base64url
        ("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh/", .invalidCharacter(offset: 42)),
        ("AAECAwQFBgcICQoLDA0 DxAREhMUFRYXGBkaGxwdHh8", .invalidCharacter(offset: 19)),
        ("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh9", .nonCanonicalTrailingBits),
    ])
    func presentedTokenParsingIsStrict(text: String, error: BearerTokenFormatError) {
        #expect(throws: error) { try BearerToken(parsing: text) }
    }

    static let valid = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"

    @Test(arguments: ["Bearer " + valid, "bearer " + valid, "BEARER " + valid, "Bearer   " + valid])
    func authorizationHeaderAcceptsRFC6750Form(value: String) throws {
        let token = try BearerToken(authorizationHeader: value)
        #expect(token.digest == Self.token(Self.secret).digest)
    }

    static let badHeaders: [(String, AuthorizationHeaderError)] = {
        let lastSwapped: String = valid.dropLast() + "9"
        let lastInvalid: String = valid.dropLast() + "+"
        return [
            ("", .empty),
            ("Basic dXNlcjpwYXNz", .notBearerScheme),
            ("Bearer", .notBearerScheme),
            ("Bearer\t" + valid, .notBearerScheme),
            (" Bearer " + valid, .notBearerScheme),
            ("Bearer" + valid, .notBearerScheme),
            ("Bearerx " + valid, .notBearerScheme),
            ("Bearer ", .missingToken),
            ("Bearer    ", .missingToken),
            ("Bearer " + valid + " ", .malformedToken(.wrongLength(44))),
            ("Bearer " + valid + "=", .malformedToken(.wrongLength(44))),
            ("Bearer " + lastSwapped, .malformedToken(.nonCanonicalTrailingBits)),
            ("Bearer " + lastInvalid, .malformedToken(.invalidCharacter(offset: 42))),
        ]
    }()

    @Test(arguments: badHeaders)
    func authorizationHeaderRejectsEverythingElse(value: String, error: AuthorizationHeaderError) {
        #expect(throws: error) { try BearerToken(authorizationHeader: value) }
    }

    @Test func authorizationHeaderValueRoundTrips() throws {
        let token = BearerToken.generate()
        #expect(try BearerToken(authorizationHeader: token.authorizationHeaderValue).digest == token.digest)
    }
}
