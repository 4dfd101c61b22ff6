import Foundation
import PeerCamCore

/// One device paired with this camera, as the camera remembers it.
///
/// It holds the token's digest, never the token: a copied database grants nothing
/// (see `PairedDeviceStore`). Revoked devices stay listed, so an operator can see what
/// was revoked and when it was last used.
public struct PairedDevice: Sendable, Hashable {
    /// Who the device is (id, role, name given at pairing).
    public var identity: DeviceIdentity
    /// SHA-256 of the device's bearer token.
    public var tokenDigest: BearerTokenDigest
    /// When the pairing code was redeemed.
    public var pairedAt: Date
    /// When the device last authenticated, if it ever did after pairing.
    public var lastSeenAt: Date?
    /// A revoked device is refused everywhere, for ever; re-pairing makes a new device.
    public var isRevoked: Bool

    public init(identity: DeviceIdentity, tokenDigest: BearerTokenDigest, pairedAt: Date,
                lastSeenAt: Date? = nil, isRevoked: Bool = false) {
        self.identity = identity
        self.tokenDigest = tokenDigest
        self.pairedAt = pairedAt
        self.lastSeenAt = lastSeenAt
        self.isRevoked = isRevoked
    }

    public var id: DeviceID { identity.id }
    public var role: Role { identity.role }
}
