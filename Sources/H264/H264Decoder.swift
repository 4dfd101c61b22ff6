import COpenH264
import Media
import Synchronization

/// One OpenH264 decoder for one incoming stream: Annex-B access units in, I420
/// `VideoFrame`s out.
///
/// Error concealment is off: a picture that would be built on a lost reference is not
/// shown as a smeared guess; instead `decode` throws an `H264DecoderError` whose
/// `needsKeyframe` tells the caller to ask the sender for an IDR (RTCP PLI). Until that
/// IDR arrives, later P-frames keep failing the same way, and the last good picture is
/// what the viewer keeps showing.
public final class H264Decoder: Sendable {
    private let codec: Mutex<DecoderHandle>

    public init() throws(H264DecoderError) {
        var created: UnsafeMutablePointer<ISVCDecoder?>?
        let status = WelsCreateDecoder(&created)
        guard status == 0, let decoder = created else {
            throw .openH264Unavailable(call: "WelsCreateDecoder", status: Int(status))
        }
        // OpenH264 would log every damaged frame to stderr; the caller gets a typed error instead.
        var traceLevel = Int32(WELS_LOG_QUIET)
        _ = CPeerCam_h264_decoder_set_option(decoder, DECODER_OPTION_TRACE_LEVEL, &traceLevel)
        var parameters = SDecodingParam()
        parameters.eEcActiveIdc = ERROR_CON_DISABLE
        parameters.sVideoProperty.eVideoBsType = VIDEO_BITSTREAM_AVC
        let initStatus = CPeerCam_h264_decoder_initialize(decoder, &parameters)
        guard initStatus == 0 else {
            WelsDestroyDecoder(decoder)
            throw .openH264Unavailable(call: "Initialize", status: Int(initStatus))
        }
        codec = Mutex(DecoderHandle(pointer: decoder))
    }

    deinit {
        codec.withLock { handle in
            _ = CPeerCam_h264_decoder_uninitialize(handle.pointer)
            WelsDestroyDecoder(handle.pointer)
            handle.planes.deallocate()
        }
    }

    /// Decodes one access unit into a new frame; nil when it produced no picture yet
    /// (for example an access unit holding only SPS and PPS).
    public func decode(_ accessUnit: EncodedVideoFrame) throws(H264DecoderError) -> VideoFrame? {
        var frame = VideoFrame(width: max(2, accessUnit.width / 2 * 2), height: max(2, accessUnit.height / 2 * 2))
        return try decode(accessUnit, into: &frame) ? frame : nil
    }

    /// Decodes one access unit into `frame`, reusing its storage when the picture size
    /// is unchanged (no allocation per frame on the viewer's hot path).
    ///
    /// The picture takes the access unit's timestamp and sequence number.
    /// - Returns: true when `frame` now holds a new picture, false when the decoder
    ///   needs more data first (`frame` is then unchanged).
    @discardableResult
    public func decode(_ accessUnit: EncodedVideoFrame, into frame: inout VideoFrame) throws(H264DecoderError) -> Bool {
        guard !accessUnit.annexB.isEmpty else { throw .emptyAccessUnit }
        guard let length = Int32(exactly: accessUnit.annexB.count) else {
            throw .corruptBitstream(status: Int(dsBitstreamError.rawValue))
        }
        return try codec.withLock { (handle: inout DecoderHandle) throws(H264DecoderError) -> Bool in
            var info = SBufferInfo()
            info.uiInBsTimeStamp = accessUnit.timestamp.nanoseconds / 1_000_000
            let planes = handle.planes
            planes.update(repeating: nil, count: 3)
            let state = accessUnit.annexB.withUnsafeBufferPointer { bytes in
                CPeerCam_h264_decoder_decode(handle.pointer, bytes.baseAddress, length, planes, &info)
            }
            try Self.check(state)
            guard info.iBufferStatus == 1,
                  let y = planes[0], let u = planes[1], let v = planes[2] else { return false }
            let layout = info.UsrData.sSystemBuffer
            Self.copy(width: Int(layout.iWidth), height: Int(layout.iHeight),
                      lumaStride: Int(layout.iStride.0), chromaStride: Int(layout.iStride.1),
                      planes: (y, u, v), into: &frame)
            frame.timestamp = accessUnit.timestamp
            frame.sequenceNumber = accessUnit.sequenceNumber
            return true
        }
    }

    /// Turns OpenH264's DECODING_STATE bit mask into the error a viewer acts on.
    private static func check(_ state: DECODING_STATE) throws(H264DecoderError) {
        let bits = state.rawValue
        if bits == dsErrorFree.rawValue || bits == dsFramePending.rawValue { return }
        if bits & dsNoParamSets.rawValue != 0 { throw .missingParameterSets }
        if bits & (dsRefLost.rawValue | dsRefListNullPtrs.rawValue) != 0 { throw .missingReference }
        throw .corruptBitstream(status: Int(bits))
    }

    /// Copies the decoder's strided planes into the tightly packed I420 frame.
    private static func copy(width: Int, height: Int, lumaStride: Int, chromaStride: Int,
                             planes: (UnsafeMutablePointer<UInt8>, UnsafeMutablePointer<UInt8>, UnsafeMutablePointer<UInt8>),
                             into frame: inout VideoFrame) {
        if frame.width != width || frame.height != height {
            frame = VideoFrame(width: width, height: height, timestamp: frame.timestamp, sequenceNumber: frame.sequenceNumber)
        }
        let chromaWidth = frame.chromaWidth, chromaHeight = frame.chromaHeight
        frame.withMutablePlanes { y, u, v in
            copyPlane(from: planes.0, stride: lumaStride, to: y, width: width, height: height)
            copyPlane(from: planes.1, stride: chromaStride, to: u, width: chromaWidth, height: chromaHeight)
            copyPlane(from: planes.2, stride: chromaStride, to: v, width: chromaWidth, height: chromaHeight)
        }
    }

    private static func copyPlane(from source: UnsafeMutablePointer<UInt8>, stride: Int,
                                  to destination: UnsafeMutableBufferPointer<UInt8>, width: Int, height: Int) {
        guard let base = destination.baseAddress else { return }
        for row in 0..<height {
            (base + row * width).update(from: source + row * stride, count: width)
        }
    }
}

/// The OpenH264 decoder pointer and its output-plane array, only touched under the lock.
private struct DecoderHandle: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<ISVCDecoder?>
    /// Where OpenH264 writes the addresses of the decoded Y, U and V planes.
    let planes = UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>.allocate(capacity: 3)
}
