import DeviceStore
import Foundation
import Logging
import PeerCamCore

/// Decides whether an `Authorization` header belongs to a paired, non-revoked
/// device of the required role (`docs/protocol.md` §2.3, RFC 6750 §2.1).
///
/// Every token-protected endpoint and the WebSocket upgrade ask this one type, so
/// the authorisation matrix (no token, malformed, unknown, revoked, wrong role) has
/// one answer everywhere.
struct BearerAuthorizer: Sendable {
    let store: PairedDeviceStore
    let logger: Logger

    /// - Parameter header: the `Authorization` value, `nil` when absent.
    /// - Returns: the authenticated device (its last-seen time is updated).
    /// - Throws: `SignalingHTTPRefusal` (401 for credentials, 403 for the role).
    func authorize(header: String?, requiring role: Role) throws(SignalingHTTPRefusal) -> PairedDevice {
        let device = try authorizeAnyRole(header: header)
        guard device.role == role else {
            logger.info("wrong role refused", metadata: ["device": "\(device.id)", "role": "\(device.role)"])
            throw .wrongRole(device.role, needed: role)
        }
        return device
    }

    /// Like `authorize(header:requiring:)` for endpoints open to every paired role.
    func authorizeAnyRole(header: String?) throws(SignalingHTTPRefusal) -> PairedDevice {
        guard let header else { throw .missingToken }
        let token: BearerToken
        do { token = try BearerToken(authorizationHeader: header) } catch { throw .malformedToken }
        let found: PairedDevice?
        do { found = try store.device(presenting: token) } catch {
            logger.error("paired-device lookup failed", metadata: ["error": "\(error)"])
            throw .internalError
        }
        guard let device = found else {
            logger.info("unknown token refused", metadata: ["token": "\(token.digest.fingerprint)"])
            throw .unknownToken
        }
        guard !device.isRevoked else {
            logger.info("revoked device refused", metadata: ["device": "\(device.id)"])
            throw .revokedToken
        }
        do { try store.recordSeen(device.id) } catch {
            // Only the listing's "last seen" column suffers; the device is still who it says.
            logger.warning("could not record last-seen time", metadata: ["device": "\(device.id)", "error": "\(error)"])
        }
        return device
    }
}
