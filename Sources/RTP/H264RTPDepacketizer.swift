/// Reassembles RFC 6184 non-interleaved RTP payloads (Single NAL Unit, STAP-A, FU-A) into
/// Annex-B access units, and refuses to pass on an access unit it cannot prove complete.
///
/// Packets must arrive in sequence-number order (after the reorder buffer). An access unit
/// ends at the packet with the marker bit (RFC 6184 §5.1) or, if that packet was lost, when
/// the timestamp changes. Any sequence gap marks the access unit in progress, or the one
/// that starts after it, as damaged: the lost packets may have belonged to either, and a
/// decoder fed a picture with holes shows corruption until the next keyframe, which is
/// worse than a frame it knows it did not get.
/// See https://www.rfc-editor.org/rfc/rfc6184#section-5.8
public struct H264RTPDepacketizer: Sendable {
    private struct Assembly {
        var rtpTimestamp: UInt32
        var annexB: [UInt8]
        var isKeyframe = false
        var hasSPS = false
        var hasPPS = false
        var damage: H264RTPDepacketizerError?
        /// NAL type of the FU-A being reassembled, `nil` between NAL units.
        var fragmentType: UInt8?

        mutating func damage(_ reason: H264RTPDepacketizerError) {
            if damage == nil { damage = reason }
        }
    }

    private var assembly: Assembly?
    private var lastSequenceNumber: UInt16?
    /// A gap seen after the last access unit ended damages the next one to start.
    private var pendingDamage: H264RTPDepacketizerError?
    /// Capacity reserved for a new access unit, from the size of the previous one.
    private var expectedSize = 0
    /// Packets ignored because their sequence number was not newer than the last one
    /// (duplicates, or reordering beyond what the reorder buffer fixed).
    public private(set) var latePacketCount = 0

    static let startCode: [UInt8] = [0, 0, 0, 1]

    public init() {}

    /// Feeds one RTP packet.
    public mutating func push(_ packet: RTPPacket, emit: (H264RTPDepacketizerOutput) -> Void) {
        packet.payload.withUnsafeBytes { payload in
            push(sequenceNumber: packet.header.sequenceNumber, rtpTimestamp: packet.header.timestamp,
                 marker: packet.header.marker, payload: payload, emit: emit)
        }
    }

    /// Feeds one RTP packet; returns the access units (or discards) it completed.
    public mutating func push(_ packet: RTPPacket) -> [H264RTPDepacketizerOutput] {
        var outputs: [H264RTPDepacketizerOutput] = []
        push(packet) { outputs.append($0) }
        return outputs
    }

    /// Feeds one RTP packet given as header fields and a borrowed payload (no copy).
    public mutating func push(sequenceNumber: UInt16, rtpTimestamp: UInt32, marker: Bool,
                              payload: UnsafeRawBufferPointer, emit: (H264RTPDepacketizerOutput) -> Void) {
        if let last = lastSequenceNumber {
            guard RTPSequenceNumberUnwrapper.isNewer(sequenceNumber, than: last) else {
                latePacketCount += 1
                return
            }
            let expected = last &+ 1
            if sequenceNumber != expected {
                if assembly?.fragmentType != nil {
                    assembly?.damage(.rfc6184FragmentLost(expected: expected, received: sequenceNumber))
                } else {
                    assembly?.damage(.rfc3550SequenceGap(expected: expected, received: sequenceNumber))
                }
                pendingDamage = .rfc3550SequenceGap(expected: expected, received: sequenceNumber)
            }
        }
        lastSequenceNumber = sequenceNumber

        if let current = assembly, current.rtpTimestamp != rtpTimestamp {
            finish(emit: emit)
        }
        if assembly == nil {
            var fresh = Assembly(rtpTimestamp: rtpTimestamp, annexB: [])
            fresh.annexB.reserveCapacity(expectedSize)
            if let pendingDamage { fresh.damage(pendingDamage) }
            assembly = fresh
        }
        pendingDamage = nil
        if var current = assembly {
            assembly = nil  // keep the array uniquely referenced while appending
            Self.append(payload: payload, to: &current)
            assembly = current
        }
        if marker { finish(emit: emit) }
    }

    /// Ends the access unit in progress (end of stream): it is passed on only if complete.
    public mutating func flush(emit: (H264RTPDepacketizerOutput) -> Void) {
        finish(emit: emit)
    }

    private mutating func finish(emit: (H264RTPDepacketizerOutput) -> Void) {
        guard var done = assembly else { return }
        assembly = nil
        if done.fragmentType != nil { done.damage(.rfc6184FragmentWithoutEnd) }
        if let reason = done.damage {
            emit(.discarded(rtpTimestamp: done.rtpTimestamp, reason: reason))
            return
        }
        expectedSize = done.annexB.count
        emit(.accessUnit(H264AccessUnit(annexB: done.annexB, rtpTimestamp: done.rtpTimestamp,
                                        isKeyframe: done.isKeyframe, hasParameterSets: done.hasSPS && done.hasPPS)))
    }

    private static func append(payload: UnsafeRawBufferPointer, to unit: inout Assembly) {
        guard let header = payload.first else { return unit.damage(.rfc6184EmptyPayload) }
        guard header & 0x80 == 0 else { return unit.damage(.rfc6184ForbiddenBitSet) }
        let type = header & 0x1F
        switch type {
        case 1...23:
            if unit.fragmentType != nil { unit.damage(.rfc6184FragmentWithoutEnd); unit.fragmentType = nil }
            appendNAL(payload, to: &unit)
        case H264RTPPayloader.stapAType:
            if unit.fragmentType != nil { unit.damage(.rfc6184FragmentWithoutEnd); unit.fragmentType = nil }
            appendAggregation(payload, to: &unit)
        case H264RTPPayloader.fuAType:
            appendFragment(payload, to: &unit)
        case 25, 26, 27, 29:
            unit.damage(.rfc6184NotAllowedInNonInterleavedMode(nalType: type))
        default:
            unit.damage(.rfc6184ReservedNALUnitType(type))
        }
    }

    private static func appendNAL(_ nal: UnsafeRawBufferPointer, to unit: inout Assembly) {
        guard unit.damage == nil else { return }
        guard nal[0] & 0x80 == 0 else { return unit.damage(.rfc6184ForbiddenBitSet) }
        note(nalType: nal[0] & 0x1F, in: &unit)
        unit.annexB.append(contentsOf: startCode)
        unit.annexB.append(contentsOf: nal)
    }

    private static func note(nalType: UInt8, in unit: inout Assembly) {
        switch nalType {
        case 5: unit.isKeyframe = true
        case 7: unit.hasSPS = true
        case 8: unit.hasPPS = true
        default: break
        }
    }

    /// RFC 6184 §5.7.1: after the STAP-A header, 16-bit size + NAL unit, repeated.
    private static func appendAggregation(_ payload: UnsafeRawBufferPointer, to unit: inout Assembly) {
        var reader = NetworkByteReader(payload, offset: 1)
        guard reader.remaining > 0 else { return unit.damage(.rfc6184AggregationUnitTruncated) }
        while reader.remaining > 0 {
            guard let size = reader.readUInt16(), size > 0, let nal = reader.readSlice(Int(size)) else {
                return unit.damage(.rfc6184AggregationUnitTruncated)
            }
            appendNAL(nal, to: &unit)
        }
    }

    /// RFC 6184 §5.8: FU indicator, FU header (S, E, R, type), fragment.
    private static func appendFragment(_ payload: UnsafeRawBufferPointer, to unit: inout Assembly) {
        guard payload.count >= 2 else { return unit.damage(.rfc6184FragmentTruncated) }
        let indicator = payload[0]
        let fuHeader = payload[1]
        let isStart = fuHeader & 0x80 != 0
        let isEnd = fuHeader & 0x40 != 0
        let nalType = fuHeader & 0x1F
        let fragment = UnsafeRawBufferPointer(rebasing: payload[2...])
        if isStart && isEnd { return unit.damage(.rfc6184FragmentStartAndEnd) }
        if isStart {
            if unit.fragmentType != nil { unit.damage(.rfc6184FragmentWithoutEnd) }
            unit.fragmentType = nalType
            guard unit.damage == nil else { return }
            note(nalType: nalType, in: &unit)
            unit.annexB.append(contentsOf: startCode)
            unit.annexB.append(indicator & 0xE0 | nalType)
        } else {
            guard let ongoing = unit.fragmentType else { return unit.damage(.rfc6184FragmentWithoutStart) }
            if ongoing != nalType { unit.damage(.rfc6184FragmentTypeChanged(from: ongoing, to: nalType)) }
        }
        if isEnd { unit.fragmentType = nil }
        guard unit.damage == nil else { return }
        unit.annexB.append(contentsOf: fragment)
    }
}
