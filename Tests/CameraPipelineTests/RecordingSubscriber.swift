import CameraPipeline
import RTP
import Synchronization

/// A subscriber that keeps a copy of every packet it is given and lets a test await a
/// condition on what arrived (no sleeps: the waiting test resumes from `deliver`).
final class RecordingSubscriber: RTPPacketSubscriber {
    struct Received: Sendable {
        var video: [[UInt8]] = []
        var audio: [[UInt8]] = []
        /// Video packets with the marker bit: completed access units.
        var videoAccessUnits = 0
        var endReason: CameraStreamEndReason?
    }

    private struct Waiter {
        let condition: @Sendable (Received) -> Bool
        let continuation: CheckedContinuation<Received, Never>
    }

    private let state = Mutex<(received: Received, waiters: [Waiter])>((Received(), []))
    /// Called after each video packet is recorded (a PLI storm, for instance).
    let onVideoPacket: (@Sendable () -> Void)?

    init(onVideoPacket: (@Sendable () -> Void)? = nil) {
        self.onVideoPacket = onVideoPacket
    }

    var received: Received { state.withLock { $0.received } }

    func deliver(_ packet: UnsafeRawBufferPointer, kind: CameraMediaKind) {
        let bytes = Array(packet)
        update { received in
            switch kind {
            case .video:
                received.video.append(bytes)
                if bytes.count > 1, bytes[1] & 0x80 != 0 { received.videoAccessUnits += 1 }
            case .audio:
                received.audio.append(bytes)
            }
        }
        if kind == .video { onVideoPacket?() }
    }

    func streamEnded(_ reason: CameraStreamEndReason) {
        update { $0.endReason = reason }
    }

    /// Returns what was received once `condition` holds (at once if it already does).
    @discardableResult
    func wait(until condition: @escaping @Sendable (Received) -> Bool) async -> Received {
        await withCheckedContinuation { continuation in
            let ready: Received? = state.withLock { state in
                if condition(state.received) { return state.received }
                state.waiters.append(Waiter(condition: condition, continuation: continuation))
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    @discardableResult
    func waitForAccessUnits(_ count: Int) async -> Received {
        await wait { $0.videoAccessUnits >= count }
    }

    private func update(_ change: (inout Received) -> Void) {
        let due: [(CheckedContinuation<Received, Never>, Received)] = state.withLock { state in
            change(&state.received)
            let received = state.received
            var due: [(CheckedContinuation<Received, Never>, Received)] = []
            state.waiters.removeAll { waiter in
                guard waiter.condition(received) else { return false }
                due.append((waiter.continuation, received))
                return true
            }
            return due
        }
        for (continuation, received) in due { continuation.resume(returning: received) }
    }
}
