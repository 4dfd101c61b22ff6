import Synchronization

/// Raised once to tell a capture thread to stop; sources check it between frames and while
/// they wait, so stopping a stream takes at most one wait slice, not one frame interval.
///
/// A V4L2 or ALSA source polls its device with a short timeout and checks `isRaised` in
/// between, the same way the test sources sleep in slices.
public final class CaptureStopSignal: Sendable {
    private let raised = Atomic(false)

    public init() {}

    public var isRaised: Bool { raised.load(ordering: .acquiring) }

    public func raise() { raised.store(true, ordering: .releasing) }
}
