import DeviceStore
import Foundation
import PeerCamCore
import Testing
@testable import Signaling

@Suite struct PairingTests {
    @Test func aCodeFromTheAdminSocketPairsAViewerWhoseTokenIsStoredOnlyAsADigest() async throws {
        let bed = try await SignalingTestBed()
        let issued = try await bed.admin.issuePairingCode()
        #expect(issued.fingerprint == bed.fingerprint.description)
        #expect(issued.cameraURL == bed.endpoint.description)
        #expect(issued.expiresInSeconds == 300)

        // Trust on first pairing: no fingerprint given, the presented one is pinned.
        let paired = try await SignalingClient.pair(with: bed.endpoint, code: issued.code, name: "Alice's laptop")
        #expect(paired.fingerprint == bed.fingerprint)
        #expect(paired.device.role == .viewer)
        #expect(paired.device.name == "Alice's laptop")
        #expect(paired.camera == bed.server.camera)

        let stored = try #require(try bed.store.device(presenting: paired.token))
        #expect(stored.identity == paired.device)
        let files = try FileManager.default.contentsOfDirectory(atPath: bed.directory).filter { $0.hasPrefix("devices") }
        let bytes = try files.flatMap { try Data(contentsOf: URL(fileURLWithPath: bed.directory + "/" + $0)) }
        #expect(!String(decoding: bytes, as: UTF8.self).contains(paired.token.wireText))
    }

    @Test func aCameraPresentingAnotherCertificateIsRefusedByThePinnedClient() async throws {
        let bed = try await SignalingTestBed()
        let issued = try await bed.admin.issuePairingCode()
        let impostor = try SignalingTLSIdentity.make().fingerprint
        await #expect(throws: SignalingClientError.certificateFingerprintMismatch(expected: impostor,
                                                                                presented: bed.fingerprint)) {
            _ = try await SignalingClient.pair(with: bed.endpoint, code: issued.code, name: "Mallory", fingerprint: impostor)
        }
        let paired = try await bed.pairViewer()
        await #expect(throws: SignalingClientError.certificateFingerprintMismatch(expected: impostor,
                                                                                presented: bed.fingerprint)) {
            _ = try await SignalingClient.connect(to: bed.endpoint, fingerprint: impostor, token: paired.token)
        }
    }

    @Test func aCodeIsSingleUse() async throws {
        let bed = try await SignalingTestBed()
        let issued = try await bed.admin.issuePairingCode()
        #expect(try await bed.postPair(pairingBody(code: issued.code)).status == 201)
        let again = try await bed.postPair(pairingBody(code: issued.code))
        #expect(again.status == 410)
        #expect(again.errorCode == "code-used")
    }

    @Test func aCodeExpiresAfterItsLifetime() async throws {
        let bed = try await SignalingTestBed()
        let issued = try await bed.admin.issuePairingCode()
        bed.clock.advance(by: .seconds(301))
        let late = try await bed.postPair(pairingBody(code: issued.code))
        #expect(late.status == 410)
        #expect(late.errorCode == "expired-code")
    }

    @Test func fiveWrongGuessesLockPairingUntilANewCodeIsIssued() async throws {
        let bed = try await SignalingTestBed()
        let issued = try await bed.admin.issuePairingCode()
        for _ in 0..<4 {
            let wrong = try await bed.postPair(pairingBody(code: "0000-0000"))
            #expect(wrong.status == 403)
            #expect(wrong.errorCode == "unknown-code")
        }
        let fifth = try await bed.postPair(pairingBody(code: "0000-0000"))
        #expect(fifth.status == 429)
        #expect(fifth.errorCode == "locked-out")
        let voided = try await bed.postPair(pairingBody(code: issued.code))
        #expect(voided.errorCode == "locked-out")
        let fresh = try await bed.admin.issuePairingCode()
        #expect(try await bed.postPair(pairingBody(code: fresh.code)).status == 201)
    }

    @Test(arguments: [
        ("{\"code\":\"7K3Q-M9XD\"}", 400, "invalid-json"),
        ("{\"code\":\"7K3Q-M9XD\",\"name\":\"x\",\"extra\":1}", 400, "invalid-json"),
        ("not json", 400, "invalid-json"),
        ("{\"code\":\"7K3Q-M9XD\",\"name\":\"\"}", 400, "invalid-value"),
        ("{\"code\":\"7K3Q\",\"name\":\"x\"}", 400, "malformed-code"),
        (String(repeating: " ", count: 5_000), 400, "invalid-json"),
    ])
    func aBadPairingBodyGetsTheDocumentedStatus(body: String, status: Int, code: String) async throws {
        let bed = try await SignalingTestBed()
        let answer = try await bed.postPair(body)
        #expect(answer.status == status)
        #expect(answer.errorCode == code)
        #expect(answer.headers["Content-Type"].first == "application/json")
    }

    @Test func pairingAttemptsAreRateLimitedPerAddress() async throws {
        let bed = try await SignalingTestBed(ratePolicy: .init(window: .seconds(60), perAddress: 3, total: 100))
        for _ in 0..<3 {
            #expect(try await bed.postPair(pairingBody(code: "7K3Q")).status == 400)
        }
        let limited = try await bed.postPair(pairingBody(code: "7K3Q"))
        #expect(limited.status == 429)
        #expect(limited.errorCode == "rate-limited")
        #expect(limited.headers["Retry-After"].first.flatMap(Int.init) ?? 0 > 0)
        bed.clock.advance(by: .seconds(61))
        #expect(try await bed.postPair(pairingBody(code: "7K3Q")).status == 400)
    }

    /// Only guesses use up the budget: an operator pairing many viewers in a row is not
    /// locked out by its own successes.
    @Test func successfulPairingsDoNotSpendTheBudget() async throws {
        let bed = try await SignalingTestBed(ratePolicy: .init(window: .seconds(60), perAddress: 2, total: 100))
        for index in 0..<5 {
            let issued = try await bed.admin.issuePairingCode()
            #expect(try await bed.postPair(pairingBody(code: issued.code, name: "viewer \(index)")).status == 201)
        }
        #expect(try await bed.postPair(pairingBody(code: "7K3Q")).status == 400)
        #expect(try await bed.postPair(pairingBody(code: "7K3Q")).status == 400)
        #expect(try await bed.postPair(pairingBody(code: "7K3Q")).status == 429)
    }

    /// Pairing needs a code, not a token: whatever `Authorization` comes along is
    /// ignored, so a revoked viewer can pair again with a fresh code.
    @Test(arguments: AuthorizationCase.allCases)
    func pairingIgnoresAnyBearerToken(_ credential: AuthorizationCase) async throws {
        let bed = try await SignalingTestBed()
        let issued = try await bed.admin.issuePairingCode()
        let answer = try await bed.postPair(pairingBody(code: issued.code),
                                            authorization: try await credential.header(in: bed))
        #expect(answer.status == 201)
    }
}

@Suite struct PairingRateLimiterTests {
    @Test func theGlobalBudgetBindsAcrossAddresses() throws {
        let clock = ManualClock()
        var limiter = PairingRateLimiter(clock: clock, policy: .init(window: .seconds(10), perAddress: 5, total: 3))
        try limiter.admit(address: "10.0.0.1")
        try limiter.admit(address: "10.0.0.2")
        try limiter.admit(address: "10.0.0.3")
        #expect(throws: PairingRateLimiter<ManualClock>.Refusal.totalLimit(retryAfter: .seconds(10))) {
            try limiter.admit(address: "10.0.0.4")
        }
        clock.advance(by: .seconds(4))
        #expect(throws: PairingRateLimiter<ManualClock>.Refusal.totalLimit(retryAfter: .seconds(6))) {
            try limiter.admit(address: "10.0.0.4")
        }
        clock.advance(by: .seconds(6))
        try limiter.admit(address: "10.0.0.4")
    }

    @Test func oneAddressCannotSpendAnothersBudget() throws {
        let clock = ManualClock()
        var limiter = PairingRateLimiter(clock: clock, policy: .init(window: .seconds(10), perAddress: 2, total: 100))
        try limiter.admit(address: "a")
        try limiter.admit(address: "a")
        #expect(throws: PairingRateLimiter<ManualClock>.Refusal.addressLimit(retryAfter: .seconds(10))) {
            try limiter.admit(address: "a")
        }
        try limiter.admit(address: "b")
    }
}
