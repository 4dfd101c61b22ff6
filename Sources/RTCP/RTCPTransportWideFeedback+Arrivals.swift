/// Building feedback from arrival times and reading arrival times back out.
extension RTCPTransportWideFeedback {
    /// What the feedback says about one transport-wide sequence number.
    public struct PacketResult: Equatable, Sendable {
        public var sequenceNumber: UInt16
        /// Arrival time in microseconds on the feedback sender's clock (reference time ×
        /// 64 ms + deltas), `nil` for a packet reported as not received.
        public var arrivalMicroseconds: Int64?
    }

    /// Builds feedback for packets `baseSequenceNumber`, `baseSequenceNumber + 1`, … with the
    /// given arrival times in microseconds (`nil` = not received). The reference time is the
    /// first arrival rounded down to 64 ms; deltas are rounded to 250 µs without drift (each
    /// is taken between rounded absolute times).
    ///
    /// - Throws: `.twccTooManyPackets` above 65535 statuses, `.twccDeltaOutOfRange` when
    ///   consecutive arrivals are more than ±8.19 s apart or a time is negative.
    public init(senderSSRC: UInt32, mediaSSRC: UInt32, baseSequenceNumber: UInt16, feedbackPacketCount: UInt8,
                arrivals: [Int64?]) throws(RTCPError) {
        guard arrivals.count <= Int(UInt16.max) else { throw .twccTooManyPackets(arrivals.count) }
        let first = arrivals.lazy.compactMap { $0 }.first ?? 0
        guard first >= 0, first < Int64.max / 2 else { throw .twccDeltaOutOfRange(first) }
        let referenceUnits = first / Self.referenceTimeUnitMicroseconds
        var previousTicks = referenceUnits * Self.referenceTimeUnitMicroseconds / Self.deltaTickMicroseconds
        var symbols: [Symbol] = []
        var deltas: [Int16] = []
        symbols.reserveCapacity(arrivals.count)
        for arrival in arrivals {
            guard let arrival else {
                symbols.append(.notReceived)
                continue
            }
            guard arrival >= 0, arrival < Int64.max / 2 else { throw .twccDeltaOutOfRange(arrival) }
            let ticks = (arrival + Self.deltaTickMicroseconds / 2) / Self.deltaTickMicroseconds
            let delta = ticks - previousTicks
            guard let wire = Int16(exactly: delta) else { throw .twccDeltaOutOfRange(delta) }
            symbols.append((0...255).contains(delta) ? .receivedSmallDelta : .receivedLargeDelta)
            deltas.append(wire)
            previousTicks = ticks
        }
        self.init(senderSSRC: senderSSRC, mediaSSRC: mediaSSRC, baseSequenceNumber: baseSequenceNumber,
                  packetStatusCount: UInt16(arrivals.count), referenceTime: UInt32(referenceUnits & 0xFF_FFFF),
                  feedbackPacketCount: feedbackPacketCount, chunks: Self.chunks(for: symbols), receiveDeltas: deltas)
    }

    /// Arrival time (or loss) of every packet covered, in sequence-number order.
    public var packetResults: [PacketResult] {
        var time = Int64(referenceTime) * Self.referenceTimeUnitMicroseconds
        var deltas = receiveDeltas.makeIterator()
        var results: [PacketResult] = []
        for (index, symbol) in symbols.enumerated() {
            let sequenceNumber = baseSequenceNumber &+ UInt16(truncatingIfNeeded: index)
            if symbol != .notReceived, let delta = deltas.next() {
                time += Int64(delta) * Self.deltaTickMicroseconds
                results.append(PacketResult(sequenceNumber: sequenceNumber, arrivalMicroseconds: time))
            } else {
                results.append(PacketResult(sequenceNumber: sequenceNumber, arrivalMicroseconds: nil))
            }
        }
        return results
    }

    /// Greedy chunking: long runs as run-length chunks, otherwise the densest status vector
    /// that can hold the next symbols (one-bit when no large delta is among them).
    static func chunks(for symbols: [Symbol]) -> [Chunk] {
        var chunks: [Chunk] = []
        var index = 0
        while index < symbols.count {
            let remaining = symbols.count - index
            var run = 1
            while run < min(remaining, 8191) && symbols[index + run] == symbols[index] { run += 1 }
            let oneBitWindow = symbols[index..<index + min(14, remaining)]
            if run >= 14 || run == remaining {
                chunks.append(.runLength(symbols[index], count: UInt16(run)))
                index += run
            } else if !oneBitWindow.contains(.receivedLargeDelta) {
                chunks.append(.oneBitVector(Array(oneBitWindow)))
                index += oneBitWindow.count
            } else if run >= 7 {
                chunks.append(.runLength(symbols[index], count: UInt16(run)))
                index += run
            } else {
                let twoBitWindow = symbols[index..<index + min(7, remaining)]
                chunks.append(.twoBitVector(Array(twoBitWindow)))
                index += twoBitWindow.count
            }
        }
        return chunks
    }
}
