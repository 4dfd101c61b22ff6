import RTCP

/// The delay-based bitrate estimate of one peer from transport-wide congestion control
/// feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01), where `transport-cc` was
/// negotiated.
///
/// The sender records the send time and size of every packet under its transport-wide
/// sequence number (`packetSent`); each feedback gives their arrival times. Packets sent
/// within `groupInterval` (5 ms, one video frame's burst) form a group; consecutive groups
/// give a delay variation for the `DelayTrendlineDetector`. Its signal drives an AIMD rate
/// controller (draft-ietf-rmcat-gcc-02 §5.5):
///
/// - `.overusing`: decrease to 0.85 × the acknowledged bitrate (what the receiver actually
///   got over the last `acknowledgedWindow`), at most once per `minimumDecreaseInterval`;
/// - `.normal`: increase by 8 % per second elapsed, but never beyond 1.5 × the acknowledged
///   bitrate + 10 kbit/s, so an estimate cannot run away while the encoder does not use it;
/// - `.underusing`: hold (the queue is draining; increasing now would refill it).
///
/// Simplified from GCC: no additive increase near convergence, no probing, no ALR detection.
/// See https://datatracker.ietf.org/doc/html/draft-ietf-rmcat-gcc-02#section-5.5
public struct DelayBasedBitrateEstimator: Sendable {
    public var range: ClosedRange<Int>
    public var groupInterval: Duration = .milliseconds(5)
    public var minimumDecreaseInterval: Duration = .milliseconds(200)
    public var acknowledgedWindow: Duration = .milliseconds(500)
    public private(set) var bitrate: Int
    public private(set) var detector = DelayTrendlineDetector()
    /// Bits per second the receiver acknowledged, smoothed; `nil` until a window is complete.
    public private(set) var acknowledgedBitrate: Int?
    /// Feedback entries for packets never recorded as sent (or overwritten since).
    public private(set) var unknownPacketCount = 0

    private struct SentPacket {
        var sequenceNumber: UInt16
        var sentAt: Duration
        var size: Int
        var isValid: Bool
    }

    /// A packet group: first and last send time, last arrival (µs on the receiver's clock).
    private struct PacketGroup {
        var firstSent: Duration
        var lastSent: Duration
        var lastArrival: Int64
    }

    private var sent: [SentPacket]
    private let sentMask: Int
    private var currentGroup: PacketGroup?
    private var previousGroup: PacketGroup?
    private var windowStart: Int64?
    private var windowBytes = 0
    private var lastUpdate: Duration?
    private var lastDecrease: Duration?

    public init(initialBitrate: Int, range: ClosedRange<Int>, trackedPackets: Int = 4096) {
        var size = 1
        while size < max(1, trackedPackets) { size <<= 1 }
        self.range = range
        self.bitrate = min(max(initialBitrate, range.lowerBound), range.upperBound)
        self.sent = Array(repeating: SentPacket(sequenceNumber: 0, sentAt: .zero, size: 0, isValid: false), count: size)
        self.sentMask = size - 1
    }

    /// Records a packet (media or retransmission) carrying `transportSequenceNumber`.
    public mutating func packetSent(transportSequenceNumber: UInt16, size: Int, at now: Duration) {
        sent[Int(transportSequenceNumber) & sentMask] = SentPacket(sequenceNumber: transportSequenceNumber, sentAt: now,
                                                                  size: size, isValid: true)
    }

    /// Updates the estimate from one feedback message received at `now`; returns it.
    @discardableResult
    public mutating func receivedFeedback(_ feedback: RTCPTransportWideFeedback, at now: Duration) -> Int {
        for result in feedback.packetResults {
            guard let arrival = result.arrivalMicroseconds else { continue }
            let record = sent[Int(result.sequenceNumber) & sentMask]
            guard record.isValid, record.sequenceNumber == result.sequenceNumber else {
                unknownPacketCount += 1
                continue
            }
            acknowledge(size: record.size, arrival: arrival)
            addToGroup(sentAt: record.sentAt, arrival: arrival)
        }
        updateRate(at: now)
        return bitrate
    }

    /// Caps the estimate when another limit is lower (see `LossBasedBitrateEstimator.limit`).
    public mutating func limit(to ceiling: Int) {
        bitrate = max(min(bitrate, ceiling), range.lowerBound)
    }

    private mutating func acknowledge(size: Int, arrival: Int64) {
        // The packet that opens a window arrived at its start: its bytes belong to the window before.
        guard let start = windowStart, arrival >= start else {
            windowStart = arrival
            windowBytes = 0
            return
        }
        windowBytes += size
        let span = arrival - start
        let window = acknowledgedWindow.ticks(clockRate: 1_000_000)
        guard span >= window else { return }
        let measured = windowBytes * 8 * 1_000_000 / Int(span)
        acknowledgedBitrate = acknowledgedBitrate.map { ($0 * 7 + measured) / 8 } ?? measured
        windowStart = arrival
        windowBytes = 0
    }

    private mutating func addToGroup(sentAt: Duration, arrival: Int64) {
        if var group = currentGroup, sentAt - group.firstSent <= groupInterval, sentAt >= group.firstSent {
            group.lastSent = max(group.lastSent, sentAt)
            group.lastArrival = max(group.lastArrival, arrival)
            currentGroup = group
            return
        }
        if let finished = currentGroup {
            if let previous = previousGroup {
                let sendDelta = (finished.lastSent - previous.lastSent).seconds * 1000
                let arrivalDelta = Double(finished.lastArrival - previous.lastArrival) / 1000
                detector.update(delayVariation: arrivalDelta - sendDelta, arrival: Double(finished.lastArrival) / 1000,
                                sendDelta: sendDelta)
            }
            previousGroup = finished
        }
        currentGroup = PacketGroup(firstSent: sentAt, lastSent: sentAt, lastArrival: arrival)
    }

    private mutating func updateRate(at now: Duration) {
        let elapsed = lastUpdate.map { min(max((now - $0).seconds, 0), 1) } ?? 0
        lastUpdate = now
        switch detector.signal {
        case .overusing:
            guard lastDecrease.map({ now - $0 >= minimumDecreaseInterval }) ?? true else { return }
            lastDecrease = now
            set(0.85 * Double(min(acknowledgedBitrate ?? bitrate, bitrate)))
        case .normal:
            var increased = Double(bitrate) * (1 + 0.08 * elapsed)
            if let acknowledgedBitrate { increased = min(increased, 1.5 * Double(acknowledgedBitrate) + 10_000) }
            set(max(increased, Double(min(bitrate, range.upperBound))))
        case .underusing:
            break
        }
    }

    private mutating func set(_ value: Double) {
        bitrate = min(max(Int(value.rounded()), range.lowerBound), range.upperBound)
    }
}
