import DTLS
import Foundation
import SDP
import Synchronization
import WebRTC

/// The one certificate every test connection uses: made once, as an agent makes it.
enum TestCertificate {
    static let shared: DTLSCertificate? = try? DTLSCertificate.generate(commonName: "PeerCam tests")
}

/// Waits for `condition`, polling, for at most `limit`. Bounds a wait; never a speed figure.
func eventually(within limit: Duration, _ condition: () -> Bool) async -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: limit)
    while clock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(2))
    }
    return condition()
}

/// A value shared with callbacks and tasks (a `Mutex` itself cannot be captured).
final class LockedValue<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>
    init(_ value: Value) { mutex = Mutex(value) }
    func withLock<Result>(_ body: (inout Value) -> Result) -> Result { mutex.withLock { body(&$0) } }
}

/// Everything one connection's packet handler received, copied out of the borrowed buffer.
final class PacketRecorder: Sendable {
    struct Packet: Sendable, Equatable {
        var kind: PeerConnectionReceivedPacket.Kind
        var mid: String?
        var bytes: [UInt8]
    }

    private let packets = LockedValue<[Packet]>([])

    var handler: PeerConnectionPacketHandler {
        { [packets] packet in
            packets.withLock { $0.append(Packet(kind: packet.kind, mid: packet.mid, bytes: Array(packet.bytes))) }
        }
    }

    var all: [Packet] { packets.withLock { $0 } }

    func contains(_ bytes: [UInt8]) -> Bool { packets.withLock { $0.contains { $0.bytes == bytes } } }
}

/// Collects a connection's state stream (its single consumer) in the background.
final class StateRecorder: Sendable {
    private let states: LockedValue<[PeerConnectionState]>
    private let task: Task<Void, Never>

    init(_ connection: PeerConnection) {
        let states = LockedValue<[PeerConnectionState]>([])
        self.states = states
        task = Task { for await state in connection.connectionStates { states.withLock { $0.append(state) } } }
    }

    var all: [PeerConnectionState] { states.withLock { $0 } }

    /// Waits until the stream ended (after `.closed`).
    func finished() async { await task.value }
}

/// Two connections in one process over loopback, like Pion's `newPair`: SDP passed directly,
/// candidates trickled by two small relay tasks.
final class PeerConnectionLoopbackPair: Sendable {
    let offerer: PeerConnection
    let answerer: PeerConnection
    let offererPackets = PacketRecorder()
    let answererPackets = PacketRecorder()
    private let relays = LockedValue<[Task<Void, Never>]>([])

    convenience init(offering: [(SDPMediaKind, SDPDirection)], answering: [(SDPMediaKind, SDPDirection)],
                     certificate: DTLSCertificate) throws {
        try self.init(offering: offering, answering: answering, configuration: .loopback(certificate: certificate))
    }

    init(offering: [(SDPMediaKind, SDPDirection)], answering: [(SDPMediaKind, SDPDirection)],
         configuration: PeerConnectionConfiguration) throws {
        offerer = PeerConnection(configuration: configuration, onPacket: offererPackets.handler)
        answerer = PeerConnection(configuration: configuration, onPacket: answererPackets.handler)
        for (kind, direction) in offering { try offerer.addTransceiver(kind, direction: direction) }
        for (kind, direction) in answering { try answerer.addTransceiver(kind, direction: direction) }
    }

    /// Offer → answer (each passed through `edit`, e.g. trimming or tampering) with trickle.
    func negotiate(editOffer: (String) -> String = { $0 }, editAnswer: (String) -> String = { $0 }) throws {
        try answerer.setRemoteOffer(editOffer(try offerer.createOffer()))
        try offerer.setRemoteAnswer(editAnswer(try answerer.createAnswer()))
        relays.withLock { $0 = [offerer.trickleCandidates(to: answerer), answerer.trickleCandidates(to: offerer)] }
    }

    var bothConnected: Bool { offerer.connectionState == .connected && answerer.connectionState == .connected }

    func close() {
        offerer.close()
        answerer.close()
        relays.withLock { $0.forEach { $0.cancel() } }
    }

    /// Waits for the relays to end (they end when the connections' candidate streams finish).
    func relaysFinished() async {
        for relay in relays.withLock({ $0 }) { await relay.value }
    }
}

/// Changes the first digest byte of the `a=fingerprint` line: the SDP now announces a
/// certificate the peer does not hold.
func tamperingFingerprint(_ sdp: String) -> String {
    guard let range = sdp.range(of: "a=fingerprint:sha-256 ") else { return sdp }
    let hexStart = range.upperBound
    let hexEnd = sdp.index(hexStart, offsetBy: 2)
    let replacement = sdp[hexStart..<hexEnd] == "00" ? "11" : "00"
    return sdp.replacingCharacters(in: hexStart..<hexEnd, with: replacement)
}
