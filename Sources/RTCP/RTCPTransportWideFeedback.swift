import RTP

/// Transport-wide congestion control feedback (RTPFB, FMT 15): for a range of transport-wide
/// sequence numbers (the `transport-cc` header extension), which packets arrived and when,
/// so the sender can run delay-based bandwidth estimation.
///
/// Kept wire-faithful (chunks and deltas as sent) so a parsed packet re-marshals to the same
/// bytes; `init(…arrivals:)` builds one from arrival times and `packetResults` decodes one.
/// See https://datatracker.ietf.org/doc/html/draft-holmer-rmcat-transport-wide-cc-extensions-01#section-3.1
public struct RTCPTransportWideFeedback: RTCPBody, Hashable {
    static let packetType = RTCPHeader.transportFeedbackType
    static let format: UInt8 = 15
    /// One receive-delta tick, in microseconds (§3.1.5: 250 µs).
    public static let deltaTickMicroseconds: Int64 = 250
    /// One reference-time unit, in microseconds (§3.1: 64 ms).
    public static let referenceTimeUnitMicroseconds: Int64 = 64_000

    /// Packet status symbols (§3.1.1).
    public enum Symbol: UInt8, Equatable, Hashable, Sendable {
        case notReceived = 0
        /// Received, delta fits one unsigned byte.
        case receivedSmallDelta = 1
        /// Received, delta needs a signed 16-bit value (large or negative).
        case receivedLargeDelta = 2

        var deltaSize: Int { Int(rawValue) }
    }

    /// Packet status chunks (§3.1.3, §3.1.4).
    public enum Chunk: Equatable, Hashable, Sendable {
        /// `count` (at most 8191) consecutive packets with the same status.
        case runLength(Symbol, count: UInt16)
        /// Up to 14 one-bit symbols (not received / small delta).
        case oneBitVector([Symbol])
        /// Up to 7 two-bit symbols.
        case twoBitVector([Symbol])

        var symbolCount: Int {
            switch self {
            case .runLength(_, let count): Int(count)
            case .oneBitVector(let symbols), .twoBitVector(let symbols): symbols.count
            }
        }
    }

    public var senderSSRC: UInt32
    public var mediaSSRC: UInt32
    public var baseSequenceNumber: UInt16
    public var packetStatusCount: UInt16
    /// 24-bit reference time in units of 64 ms; the first receive delta counts from it.
    public var referenceTime: UInt32
    /// Incremented per feedback packet sent, so the sender can detect lost feedback.
    public var feedbackPacketCount: UInt8
    public var chunks: [Chunk]
    /// One delta per received packet, in 250 µs ticks, each relative to the previous arrival.
    public var receiveDeltas: [Int16]

    public init(senderSSRC: UInt32, mediaSSRC: UInt32, baseSequenceNumber: UInt16, packetStatusCount: UInt16,
                referenceTime: UInt32, feedbackPacketCount: UInt8, chunks: [Chunk], receiveDeltas: [Int16]) {
        self.senderSSRC = senderSSRC
        self.mediaSSRC = mediaSSRC
        self.baseSequenceNumber = baseSequenceNumber
        self.packetStatusCount = packetStatusCount
        self.referenceTime = referenceTime
        self.feedbackPacketCount = feedbackPacketCount
        self.chunks = chunks
        self.receiveDeltas = receiveDeltas
    }

    /// Status of every packet covered, in sequence-number order.
    public var symbols: [Symbol] {
        var symbols: [Symbol] = []
        symbols.reserveCapacity(Int(packetStatusCount))
        for chunk in chunks {
            switch chunk {
            case .runLength(let symbol, let count): symbols.append(contentsOf: repeatElement(symbol, count: Int(count)))
            case .oneBitVector(let vector), .twoBitVector(let vector): symbols.append(contentsOf: vector)
            }
        }
        return symbols
    }

    public var marshaledSize: Int { packetSize }
    public init(unmarshaling packet: UnsafeRawBufferPointer) throws(RTCPError) {
        self = try Self.unmarshalPacket(packet, format: Self.format)
    }
    public func marshal(into buffer: UnsafeMutableRawBufferPointer) throws(RTCPError) -> Int { try marshalPacket(into: buffer) }

    var headerCount: UInt8 { Self.format }
    var bodySize: Int {
        RTCPFeedbackSources.size + 8 + 2 * chunks.count + symbols.reduce(0) { $0 + $1.deltaSize }
    }
    var paddingSize: Int { (4 - bodySize % 4) % 4 }

    func validate() throws(RTCPError) {
        for chunk in chunks {
            switch chunk {
            case .runLength(_, let count) where count > 8191: throw .twccTooManyPackets(Int(count))
            case .oneBitVector(let vector) where vector.count > 14 || vector.contains(.receivedLargeDelta):
                throw .twccTooManyPackets(vector.count)
            case .twoBitVector(let vector) where vector.count > 7: throw .twccTooManyPackets(vector.count)
            default: break
            }
        }
        let symbols = symbols
        guard symbols.count == Int(packetStatusCount) else { throw .twccTruncated }
        let received = symbols.filter { $0 != .notReceived }
        guard received.count == receiveDeltas.count else { throw .twccTruncated }
        for (symbol, delta) in zip(received, receiveDeltas) where symbol == .receivedSmallDelta && !(0...255).contains(delta) {
            throw .twccDeltaOutOfRange(Int64(delta))
        }
        guard referenceTime <= 0xFF_FFFF else { throw .twccDeltaOutOfRange(Int64(referenceTime)) }
    }

    func writeBody(into writer: inout NetworkByteWriter) {
        RTCPFeedbackSources.write(sender: senderSSRC, media: mediaSSRC, into: &writer)
        writer.write(baseSequenceNumber)
        writer.write(packetStatusCount)
        writer.writeUInt24(referenceTime)
        writer.write(feedbackPacketCount)
        for chunk in chunks { writer.write(Self.encode(chunk)) }
        for (symbol, delta) in zip(symbols.lazy.filter { $0 != .notReceived }, receiveDeltas) {
            if symbol == .receivedSmallDelta {
                writer.write(UInt8(truncatingIfNeeded: delta))
            } else {
                writer.write(UInt16(bitPattern: delta))
            }
        }
    }

    static func encode(_ chunk: Chunk) -> UInt16 {
        switch chunk {
        case .runLength(let symbol, let count):
            return UInt16(symbol.rawValue) << 13 | count & 0x1FFF
        case .oneBitVector(let vector):
            var word: UInt16 = 0x8000
            for (index, symbol) in vector.enumerated() { word |= UInt16(symbol.rawValue & 1) << (13 - index) }
            return word
        case .twoBitVector(let vector):
            var word: UInt16 = 0xC000
            for (index, symbol) in vector.enumerated() { word |= UInt16(symbol.rawValue) << (12 - 2 * index) }
            return word
        }
    }

    /// Decodes one chunk, keeping only the `wanted` symbols still covered by the status count.
    static func decode(_ word: UInt16, wanted: Int) throws(RTCPError) -> Chunk {
        if word & 0x8000 == 0 {
            guard let symbol = Symbol(rawValue: UInt8(word >> 13 & 0x3)) else { throw .twccReservedSymbol }
            return .runLength(symbol, count: UInt16(min(Int(word & 0x1FFF), wanted)))
        }
        if word & 0x4000 == 0 {
            let symbols = (0..<min(14, wanted)).map { Symbol(rawValue: UInt8(word >> (13 - $0) & 1)) ?? .notReceived }
            return .oneBitVector(symbols)
        }
        var symbols: [Symbol] = []
        for index in 0..<min(7, wanted) {
            guard let symbol = Symbol(rawValue: UInt8(word >> (12 - 2 * index) & 0x3)) else { throw .twccReservedSymbol }
            symbols.append(symbol)
        }
        return .twoBitVector(symbols)
    }

    init(headerCount: UInt8, body: UnsafeRawBufferPointer) throws(RTCPError) {
        var reader = NetworkByteReader(body)
        let sources = try RTCPFeedbackSources.read(&reader)
        guard let base = reader.readUInt16(), let statusCount = reader.readUInt16(),
              let referenceTime = reader.readUInt24(), let feedbackCount = reader.readUInt8()
        else { throw .twccTruncated }
        var chunks: [Chunk] = []
        var covered = 0
        var deltaBytes: [Int] = []
        while covered < Int(statusCount) {
            guard let word = reader.readUInt16() else { throw .twccTruncated }
            let chunk = try Self.decode(word, wanted: Int(statusCount) - covered)
            chunks.append(chunk)
            covered += chunk.symbolCount
        }
        var feedback = RTCPTransportWideFeedback(
            senderSSRC: sources.sender, mediaSSRC: sources.media, baseSequenceNumber: base, packetStatusCount: statusCount,
            referenceTime: referenceTime, feedbackPacketCount: feedbackCount, chunks: chunks, receiveDeltas: [])
        for symbol in feedback.symbols where symbol != .notReceived { deltaBytes.append(symbol.deltaSize) }
        feedback.receiveDeltas.reserveCapacity(deltaBytes.count)
        for size in deltaBytes {
            if size == 1 {
                guard let small = reader.readUInt8() else { throw .twccTruncated }
                feedback.receiveDeltas.append(Int16(small))
            } else {
                guard let large = reader.readUInt16() else { throw .twccTruncated }
                feedback.receiveDeltas.append(Int16(bitPattern: large))
            }
        }
        self = feedback
    }
}
