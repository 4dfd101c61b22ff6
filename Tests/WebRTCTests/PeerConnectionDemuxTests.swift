import Testing
@testable import WebRTC

/// The receive path before any layer exists, fed directly (the ICE thread's entry point):
/// RFC 7983 §7 demux, early datagrams held within bounds, the rest counted, never dropped silently.
extension WebRTCSerializedTests {
    @Suite struct PeerConnectionDemuxTests {
        func connection(limits: PendingDatagramQueue.Limits = .standard) throws -> PeerConnection {
            var configuration = PeerConnectionConfiguration.loopback(certificate: try #require(TestCertificate.shared))
            configuration.pendingLimits = limits
            return PeerConnection(configuration: configuration)
        }

        func feed(_ connection: PeerConnection, _ bytes: [UInt8]) {
            bytes.withUnsafeBytes { connection.receive($0) }
        }

        @Test("demux before DTLS and keys", arguments: [
            // (datagram, held, unrecognized)
            ([UInt8]([22, 254, 253, 0, 0]), 1, 0),  // DTLS handshake record: held for the transport
            ([0x80, 102, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1], 1, 0),  // SRTP: held for the keys
            ([0x80, 201, 0, 1, 0, 0, 0, 1], 1, 0),  // SRTCP: held for the keys
            ([0, 1, 0, 0], 0, 1),  // STUN past libnice: a stray
            ([17, 0], 0, 1),  // ZRTP
            ([64, 0, 0, 0], 0, 1),  // TURN ChannelData
            ([200, 0], 0, 1),  // reserved range
            ([], 0, 1),
        ] as [([UInt8], Int, Int)])
        func demuxBeforeLayers(datagram: [UInt8], held: Int, unrecognized: Int) throws {
            let connection = try connection()
            defer { connection.close() }
            feed(connection, datagram)
            let counters = connection.receiveCounters
            #expect(counters.held == held && counters.unrecognized == unrecognized && counters.delivered == 0)
            #expect(counters.pendingDropped == 0)
        }

        @Test("a flood before the layers are up is bounded: the excess is counted as dropped")
        func floodIsBounded() throws {
            let connection = try connection(limits: .init(maximumCount: 8, maximumBytes: 64 * 1024, maximumAge: .seconds(2)))
            defer { connection.close() }
            for _ in 0..<20 { feed(connection, [0x80, 102, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1]) }
            let counters = connection.receiveCounters
            #expect(counters.held == 8 && counters.pendingDropped == 12)
            #expect(counters.lastRefusal?.contains("pending queue full") == true)
        }

        @Test("nothing is held after close")
        func nothingHeldAfterClose() throws {
            let connection = try connection()
            connection.close()
            feed(connection, [22, 254, 253, 0, 0])
            #expect(connection.receiveCounters.held == 0)
        }
    }
}
