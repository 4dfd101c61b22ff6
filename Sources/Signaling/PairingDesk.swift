import DeviceStore
import Foundation
import Logging
import PeerCamCore

/// Where pairing happens on the camera: the admin socket asks it for codes, and
/// `POST /pair` redeems them for a new viewer device and its bearer token.
///
/// It owns the `PairingCodeBook` (single use, expiry, guess lock-out) and the
/// `PairingRateLimiter`, and writes the new device, with only its token's digest,
/// to the `PairedDeviceStore`. An actor, so that redeeming a code and recording the
/// device happen as one step.
public actor PairingDesk<C: Clock> where C.Duration == Duration {
    /// A code handed to the operator, with what a viewer needs to use it.
    public struct IssuedCode: Sendable {
        public let code: PairingCode
        public let lifetime: Duration
    }

    private var book: PairingCodeBook<C>
    private var limiter: PairingRateLimiter<C>
    private let store: PairedDeviceStore
    private let camera: DeviceIdentity
    private let logger: Logger

    public init(camera: DeviceIdentity, store: PairedDeviceStore, clock: C,
                codePolicy: PairingCodeBook<C>.Policy = .init(),
                ratePolicy: PairingRateLimiter<C>.Policy = .init(), logger: Logger) {
        self.camera = camera
        self.store = store
        self.logger = logger
        book = PairingCodeBook(clock: clock, policy: codePolicy)
        limiter = PairingRateLimiter(clock: clock, policy: ratePolicy)
    }

    /// Issues a one-time code for a new viewer.
    ///
    /// - Throws: `PairingIssueError` when too many codes are outstanding.
    public func issueCode() throws(PairingIssueError) -> IssuedCode {
        let (code, _) = try book.issue(role: .viewer)
        logger.notice("pairing code issued", metadata: ["outstanding": "\(book.outstandingCount)"])
        return IssuedCode(code: code, lifetime: book.policy.lifetime)
    }

    /// Redeems the body of a `POST /pair` from `address`.
    ///
    /// - Returns: the response to send (it holds the new token).
    /// - Throws: `SignalingHTTPRefusal` saying exactly why nothing was granted.
    func redeem(body: [UInt8], from address: String) throws(SignalingHTTPRefusal) -> PairingResponse {
        do { try limiter.admit(address: address) } catch {
            logger.warning("pairing attempt rate-limited", metadata: ["remote": "\(address)"])
            let seconds = Int(error.retryAfter.components.seconds) + 1
            throw .rateLimited(retryAfterSeconds: max(1, seconds))
        }
        let request: PairingRequest
        do { request = try PairingRequest(decoding: body) } catch { throw SignalingHTTPRefusal(error) }
        let grant: PairingCodeBook<C>.Grant
        do { grant = try book.redeem(request.code) } catch {
            logger.warning("pairing refused", metadata: ["remote": "\(address)", "reason": "\(error.code)"])
            throw SignalingHTTPRefusal(error)
        }
        let token = BearerToken.generate()
        do {
            let identity = try DeviceIdentity(id: .random(), role: grant.role, name: request.name)
            try store.add(PairedDevice(identity: identity, tokenDigest: token.digest, pairedAt: Date()))
            limiter.forgive(address: address)
            logger.notice("device paired", metadata: [
                "device": "\(identity.id)", "role": "\(identity.role)", "token": "\(token.digest.fingerprint)",
            ])
            return PairingResponse(device: identity, token: token, camera: camera)
        } catch {
            logger.error("pairing could not be recorded", metadata: ["error": "\(error)"])
            throw .internalError
        }
    }
}
