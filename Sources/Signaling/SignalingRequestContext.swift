import DeviceStore
import Hummingbird
import NIOCore

/// Hummingbird request context that also remembers the peer's address, which the
/// pairing rate limiter keys on.
struct SignalingRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The remote IP address as text, or `"unknown"` (a Unix socket peer, say).
    let remoteAddress: String
    /// The device whose token `TokenRequiredMiddleware` accepted (nil on open routes).
    var authenticatedDevice: PairedDevice?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }
}
