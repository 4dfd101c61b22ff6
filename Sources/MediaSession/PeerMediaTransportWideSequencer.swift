import SDP

/// Numbers every RTP packet sent to one peer (video, audio and RTX alike) with the
/// transport-wide sequence number of draft-holmer-rmcat-transport-wide-cc-extensions-01 §2,
/// written as an RFC 8285 one-byte header extension element
/// ([RFC 8285 §4.2](https://www.rfc-editor.org/rfc/rfc8285#section-4.2)).
///
/// Why per peer and in the copy: the number counts what crosses one transport, so the
/// peer's TWCC feedback (`RTCPTransportWideFeedback`) can tell the delay-based estimator when
/// each packet arrived. The camera stream writes one packet sequence for every viewer, so the
/// element is inserted while the sender copies a packet into its reused send buffer: no
/// allocation once the buffer has grown to an MTU plus the 8 bytes added here.
struct PeerMediaTransportWideSequencer: Sendable, Equatable {
    /// The extmap id negotiated for the extension on the video section (also used for RTX,
    /// which shares the video section).
    let videoExtensionID: UInt8
    /// The id on the audio section, when the peer negotiated the extension there as well.
    let audioExtensionID: UInt8?
    /// The number the next packet gets; advanced only by `advance()` once a packet left.
    private(set) var nextSequenceNumber: UInt16

    /// Bytes a packet grows by: a new block (4-byte profile word + one element word) when it
    /// had none, one element word when it had a one-byte block.
    static let maximumGrowth = 8

    init(videoExtensionID: UInt8, audioExtensionID: UInt8?, initialSequenceNumber: UInt16 = 0) {
        self.videoExtensionID = videoExtensionID
        self.audioExtensionID = audioExtensionID
        nextSequenceNumber = initialSequenceNumber
    }

    /// The sequencer for what the peer negotiated on its video (and audio) section: nil
    /// unless the video section has both `a=rtcp-fb:… transport-cc` and the extension with an
    /// id the one-byte form can carry (1–14). Without feedback, numbering packets only costs
    /// bytes.
    init?(video: SDPNegotiatedMedia, audio: SDPNegotiatedMedia?) {
        let uri = SDPLocalParameters.transportCCExtension
        guard video.rtcpFeedback.contains("transport-cc"),
              let videoID = video.extensionID(uri), Self.oneByteIDs.contains(videoID) else { return nil }
        let audioID = audio?.extensionID(uri).flatMap { Self.oneByteIDs.contains($0) ? $0 : nil }
        self.init(videoExtensionID: videoID, audioExtensionID: audioID,
                  initialSequenceNumber: .random(in: .min ... .max))
    }

    private static let oneByteIDs: ClosedRange<UInt8> = 1...14
    private static let oneByteProfile: (UInt8, UInt8) = (0xBE, 0xDE)

    /// Copies `packet` into `buffer` (replacing its contents) with an element `id` carrying
    /// `nextSequenceNumber`: a new one-byte block when the packet had no extension, one more
    /// word in its block when it had a one-byte block.
    ///
    /// - Returns: the number written, or nil when the packet was copied unchanged because its
    ///   header is truncated or carries a two-byte / non-RFC 8285 block (RFC 8285 §4.1: one
    ///   packet has one block, and mixing forms is not allowed).
    func copy(_ packet: UnsafeRawBufferPointer, extensionID id: UInt8, into buffer: inout [UInt8]) -> UInt16? {
        buffer.removeAll(keepingCapacity: true)
        let fixedEnd = 12 + 4 * Int(packet.count > 0 ? packet[0] & 0x0F : 0)
        let element: (UInt8, UInt8, UInt8, UInt8) = (id << 4 | 1, UInt8(truncatingIfNeeded: nextSequenceNumber >> 8),
                                                    UInt8(truncatingIfNeeded: nextSequenceNumber), 0)
        guard packet.count >= fixedEnd else {
            buffer.append(contentsOf: packet)
            return nil
        }
        if packet[0] & 0x10 == 0 {
            buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: packet[..<fixedEnd]))
            buffer[0] |= 0x10
            append(Self.oneByteProfile.0, Self.oneByteProfile.1, 0, 1, to: &buffer)
            append(element.0, element.1, element.2, element.3, to: &buffer)
            buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: packet[fixedEnd...]))
            return nextSequenceNumber
        }
        let dataStart = fixedEnd + 4
        guard packet.count >= dataStart,
              packet[fixedEnd] == Self.oneByteProfile.0, packet[fixedEnd + 1] == Self.oneByteProfile.1 else {
            buffer.append(contentsOf: packet)
            return nil
        }
        let words = Int(packet[fixedEnd + 2]) << 8 | Int(packet[fixedEnd + 3])
        let dataEnd = dataStart + 4 * words
        guard packet.count >= dataEnd, words < Int(UInt16.max) else {
            buffer.append(contentsOf: packet)
            return nil
        }
        buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: packet[..<fixedEnd]))
        append(Self.oneByteProfile.0, Self.oneByteProfile.1,
               UInt8(truncatingIfNeeded: (words + 1) >> 8), UInt8(truncatingIfNeeded: words + 1), to: &buffer)
        // Padding bytes (0) before the new element are allowed (RFC 8285 §4.2).
        buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: packet[dataStart..<dataEnd]))
        append(element.0, element.1, element.2, element.3, to: &buffer)
        buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: packet[dataEnd...]))
        return nextSequenceNumber
    }

    /// The packet numbered by the last `copy` left: the next one gets the following number
    /// (a refused send leaves no gap the peer would report as lost).
    mutating func advance() { nextSequenceNumber &+= 1 }

    private func append(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8, to buffer: inout [UInt8]) {
        buffer.append(a)
        buffer.append(b)
        buffer.append(c)
        buffer.append(d)
    }
}

extension Optional where Wrapped == PeerMediaTransportWideSequencer {
    /// Copies `packet` into `buffer` for the peer: with the next transport-wide number when
    /// there is a sequencer and the packet's kind negotiated the extension (`extensionID`),
    /// else as it is. Returns the number written, if any.
    func copyForPeer(_ packet: UnsafeRawBufferPointer, extensionID: UInt8?, into buffer: inout [UInt8]) -> UInt16? {
        if case .some(let sequencer) = self, let extensionID {
            return sequencer.copy(packet, extensionID: extensionID, into: &buffer)
        }
        buffer.removeAll(keepingCapacity: true)
        buffer.append(contentsOf: packet)
        return nil
    }
}
