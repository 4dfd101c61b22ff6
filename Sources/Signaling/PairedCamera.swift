import PeerCamCore

/// What a viewer keeps after pairing: where the camera is, the certificate it
/// pinned, its own device identity and bearer token, and who the camera is.
///
/// - Important: `token` is the credential; store it in a 0600 file, never log it.
public struct PairedCamera: Sendable {
    public var endpoint: SignalingEndpoint
    public var fingerprint: CertificateFingerprint
    /// This viewer install, as the camera recorded it.
    public var device: DeviceIdentity
    public var token: BearerToken
    public var camera: DeviceIdentity

    public init(endpoint: SignalingEndpoint, fingerprint: CertificateFingerprint, device: DeviceIdentity,
                token: BearerToken, camera: DeviceIdentity) {
        self.endpoint = endpoint
        self.fingerprint = fingerprint
        self.device = device
        self.token = token
        self.camera = camera
    }
}
