import Testing
@testable import PeerCamCore
import TestSupport

@Suite("Pairing code book: single use, expiry, attempt limit")
struct PairingCodeBookTests {
    let clock = ManualClock()
    var generator = SeededGenerator(seed: 1)

    func book(_ policy: PairingCodeBook<ManualClock>.Policy = .init()) -> PairingCodeBook<ManualClock> {
        PairingCodeBook(clock: clock, policy: policy)
    }

    /// A code that the book did not issue (differs in the last symbol).
    func wrongCode(for code: PairingCode) -> String {
        let last = code.canonicalText.last == "0" ? "1" : "0"
        return code.canonicalText.dropLast() + last
    }

    @Test mutating func issuedCodeRedeemsOnceWithItsRole() throws {
        var book = book()
        let (code, grant) = try book.issue(role: .viewer, using: &generator)
        #expect(grant.expiresAt == clock.now.advanced(by: .seconds(300)))
        #expect(book.outstandingCount == 1)
        let redeemed = try book.redeem(code.displayText.lowercased())
        #expect(redeemed == grant)
        #expect(redeemed.role == .viewer)
        #expect(book.outstandingCount == 0)
        #expect(throws: PairingRedemptionError.alreadyUsed) { try book.redeem(code.canonicalText) }
    }

    @Test mutating func codeIsRedeemableUntilJustBeforeExpiry() throws {
        var book = book(.init(lifetime: .seconds(60)))
        let (code, _) = try book.issue(using: &generator)
        clock.advance(by: .seconds(59) + .milliseconds(999))
        #expect(try book.redeem(code.displayText).role == .viewer)
    }

    @Test mutating func expiredCodeIsRefusedAndForgotten() throws {
        var book = book(.init(lifetime: .seconds(60)))
        let (code, _) = try book.issue(using: &generator)
        clock.advance(by: .seconds(60))
        #expect(book.outstandingCount == 0)
        #expect(throws: PairingRedemptionError.expired) { try book.redeem(code.displayText) }
        #expect(throws: PairingRedemptionError.expired) { try book.redeem(code.displayText) }
        // Remembered for one more lifetime, then forgotten: just a wrong code.
        clock.advance(by: .seconds(60))
        #expect(throws: PairingRedemptionError.unknownCode) { try book.redeem(code.displayText) }
    }

    @Test mutating func spentCodeReportsReuseForOneLifetimeAfterExpiry() throws {
        var book = book(.init(lifetime: .seconds(60)))
        let (code, _) = try book.issue(using: &generator)
        _ = try book.redeem(code.canonicalText)
        clock.advance(by: .seconds(119))
        #expect(throws: PairingRedemptionError.alreadyUsed) { try book.redeem(code.canonicalText) }
        clock.advance(by: .seconds(1))
        #expect(throws: PairingRedemptionError.unknownCode) { try book.redeem(code.canonicalText) }
    }

    @Test mutating func wrongGuessesLockTheBookAndVoidOutstandingCodes() throws {
        var book = book(.init(maximumFailedAttempts: 3))
        let (code, _) = try book.issue(using: &generator)
        #expect(throws: PairingRedemptionError.unknownCode) { try book.redeem(wrongCode(for: code)) }
        #expect(throws: PairingRedemptionError.unknownCode) { try book.redeem("0000-0000") }
        #expect(throws: PairingRedemptionError.lockedOut) { try book.redeem("1111-1111") }
        #expect(book.outstandingCount == 0)
        // Even the right code is refused now.
        #expect(throws: PairingRedemptionError.lockedOut) { try book.redeem(code.displayText) }
    }

    @Test mutating func issuingLiftsTheLockAndResetsTheCount() throws {
        var book = book(.init(maximumFailedAttempts: 3))
        let (first, _) = try book.issue(using: &generator)
        for _ in 0..<2 {
            #expect(throws: PairingRedemptionError.unknownCode) { try book.redeem(wrongCode(for: first)) }
        }
        #expect(throws: PairingRedemptionError.lockedOut) { try book.redeem(wrongCode(for: first)) }
        let (second, _) = try book.issue(using: &generator)
        // The count restarted: two more wrong guesses are tolerated.
        #expect(throws: PairingRedemptionError.unknownCode) { try book.redeem(wrongCode(for: second)) }
        // The lock voided the first code for good.
        #expect(throws: PairingRedemptionError.unknownCode) { try book.redeem(first.displayText) }
        #expect(try book.redeem(second.displayText).role == .viewer)
    }

    @Test mutating func malformedInputIsNotCountedAsAGuess() throws {
        var book = book(.init(maximumFailedAttempts: 1))
        let (code, _) = try book.issue(using: &generator)
        for typed in ["", "ABC", "UUUU-UUUU", "12345678901"] {
            #expect(throws: PairingRedemptionError.self) { try book.redeem(typed) }
        }
        #expect(throws: PairingRedemptionError.malformedCode(.wrongLength(3))) { try book.redeem("ABC") }
        #expect(try book.redeem(code.displayText).role == .viewer)
    }

    @Test mutating func expiredAndReusedCodesAreNotCountedAsGuesses() throws {
        var book = book(.init(lifetime: .seconds(10), maximumFailedAttempts: 1))
        let (used, _) = try book.issue(using: &generator)
        _ = try book.redeem(used.displayText)
        let (expiring, _) = try book.issue(using: &generator)
        clock.advance(by: .seconds(10))
        let (fresh, _) = try book.issue(using: &generator)
        #expect(throws: PairingRedemptionError.expired) { try book.redeem(expiring.displayText) }
        #expect(try book.redeem(fresh.displayText).role == .viewer)
    }

    @Test mutating func outstandingCodesAreCapped() throws {
        var book = book(.init(lifetime: .seconds(10), maximumOutstandingCodes: 2))
        _ = try book.issue(using: &generator)
        _ = try book.issue(role: .camera, using: &generator)
        #expect(throws: PairingIssueError.tooManyOutstandingCodes(limit: 2)) { try book.issue(using: &generator) }
        clock.advance(by: .seconds(10))
        let (code, grant) = try book.issue()
        #expect(grant.role == .viewer)
        #expect(try book.redeem(code.displayText) == grant)
    }

    @Test mutating func eachCodeCarriesItsOwnRole() throws {
        var book = book()
        let (cameraCode, _) = try book.issue(role: .camera, using: &generator)
        let (viewerCode, _) = try book.issue(role: .viewer, using: &generator)
        #expect(try book.redeem(viewerCode.displayText).role == .viewer)
        #expect(try book.redeem(cameraCode.displayText).role == .camera)
    }

    @Test mutating func revokeAllVoidsOutstandingCodes() throws {
        var book = book()
        let (code, _) = try book.issue(using: &generator)
        book.revokeAll()
        #expect(book.outstandingCount == 0)
        #expect(throws: PairingRedemptionError.unknownCode) { try book.redeem(code.displayText) }
    }

    @Test mutating func bookKeepsOnlyDigestsOfCodes() throws {
        var book = book()
        let (code, _) = try book.issue(using: &generator)
        var dumped = ""
        dump(book, to: &dumped)
        #expect(!dumped.contains(code.canonicalText))
        #expect(!dumped.contains(code.displayText))
    }
}
