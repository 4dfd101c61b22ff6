import COpenH264
import Media
import Synchronization

/// One OpenH264 encoder for one stream: I420 `VideoFrame`s in, Annex-B access units out.
///
/// One instance serves every viewer of a stream: `encode` returns an `EncodedVideoFrame`,
/// a copy-on-write value the caller hands to as many consumers (RTP packetizer, recorder)
/// as it likes without copying bytes. The fan-out itself is the caller's.
///
/// Controls (`requestKeyframe()`, `setTargetBitrate(_:)`, `setFrameRate(_:)`) may come from
/// any thread, typically from RTCP feedback; they are queued and applied just before the
/// next frame is encoded, so they never wait for an encode in progress.
///
/// Settings: constrained baseline, `CAMERA_VIDEO_REAL_TIME`, bitrate rate control, one
/// thread, one slice, SPS and PPS written before every IDR with constant ids
/// (`CONSTANT_ID`, so a decoder that joins at any IDR needs nothing earlier), no SVC
/// prefix NAL units (`bPrefixNalAddingCtrl` off: type 14 NALs confuse plain AVC decoders).
/// See `H264EncoderConfiguration` for scene-change detection and frame skipping.
public final class H264Encoder: Sendable {
    /// The settings the encoder was created with (later bitrate and frame-rate changes
    /// are not reflected here).
    public let configuration: H264EncoderConfiguration
    private let codec: Mutex<EncoderHandle>
    private let pendingControls = Mutex(PendingControls())

    public init(configuration: H264EncoderConfiguration) throws(H264EncoderError) {
        try configuration.validate()
        self.configuration = configuration
        var created: UnsafeMutablePointer<ISVCEncoder?>?
        let status = WelsCreateSVCEncoder(&created)
        guard status == 0, let encoder = created else { throw .openH264(call: "WelsCreateSVCEncoder", status: Int(status)) }
        var parameters = SEncParamExt()
        let defaultsStatus = CPeerCam_h264_encoder_get_default_params(encoder, &parameters)
        guard defaultsStatus == 0 else {
            WelsDestroySVCEncoder(encoder)
            throw .openH264(call: "GetDefaultParams", status: Int(defaultsStatus))
        }
        Self.apply(configuration, to: &parameters)
        // OpenH264 logs warnings to stderr by itself (one at every start, about frame
        // skipping); silence it: every failure reaches the caller as a typed error.
        var traceLevel = Int32(WELS_LOG_QUIET)
        _ = CPeerCam_h264_encoder_set_option(encoder, ENCODER_OPTION_TRACE_LEVEL, &traceLevel)
        let initStatus = CPeerCam_h264_encoder_initialize(encoder, &parameters)
        guard initStatus == 0 else {
            WelsDestroySVCEncoder(encoder)
            throw .openH264(call: "InitializeExt", status: Int(initStatus))
        }
        var format = Int32(videoFormatI420.rawValue)
        _ = CPeerCam_h264_encoder_set_option(encoder, ENCODER_OPTION_DATAFORMAT, &format)
        codec = Mutex(EncoderHandle(pointer: encoder))
    }

    deinit {
        codec.withLock { handle in
            _ = CPeerCam_h264_encoder_uninitialize(handle.pointer)
            WelsDestroySVCEncoder(handle.pointer)
        }
    }

    /// Makes the next encoded frame an IDR (preceded by SPS and PPS). Cheap; call it for
    /// every PLI/FIR and rate-limit upstream if needed.
    public func requestKeyframe() {
        pendingControls.withLock { $0.keyframeRequested = true }
    }

    /// Changes the rate control's target from the next frame on (bandwidth estimation).
    public func setTargetBitrate(_ bitsPerSecond: Int) throws(H264EncoderError) {
        try H264EncoderConfiguration.validate(bitrate: bitsPerSecond)
        pendingControls.withLock { $0.targetBitrate = bitsPerSecond }
    }

    /// Changes the frame rate the rate control budgets for, from the next frame on.
    public func setFrameRate(_ framesPerSecond: Double) throws(H264EncoderError) {
        try H264EncoderConfiguration.validate(framesPerSecond: framesPerSecond)
        pendingControls.withLock { $0.framesPerSecond = framesPerSecond }
    }

    /// Encodes one picture into a new `EncodedVideoFrame`; nil when the rate control
    /// skipped it (only with `frameSkipping` on).
    public func encode(_ frame: VideoFrame) throws(H264EncoderError) -> EncodedVideoFrame? {
        var output = EncodedVideoFrame(annexB: [], isKeyframe: false, width: frame.width, height: frame.height,
                                       timestamp: frame.timestamp, sequenceNumber: frame.sequenceNumber)
        return try encode(frame, into: &output) ? output : nil
    }

    /// Encodes one picture into `output`, reusing its byte buffer: once consumers have
    /// released the previous access unit, this allocates nothing.
    ///
    /// The output carries the input's timestamp and sequence number (no B-frames, so one
    /// picture in is one access unit out, in order).
    /// - Returns: false when the rate control skipped the frame (`output` then unchanged).
    @discardableResult
    public func encode(_ frame: VideoFrame, into output: inout EncodedVideoFrame) throws(H264EncoderError) -> Bool {
        guard frame.width == configuration.width, frame.height == configuration.height else {
            throw .frameSizeMismatch(expectedWidth: configuration.width, expectedHeight: configuration.height,
                                     width: frame.width, height: frame.height)
        }
        let controls = pendingControls.withLock { pending in
            defer { pending = PendingControls() }
            return pending
        }
        return try codec.withLock { (handle: inout EncoderHandle) throws(H264EncoderError) -> Bool in
            try Self.apply(controls, to: handle.pointer)
            return try Self.encode(frame, with: handle.pointer, into: &output)
        }
    }

    private static func encode(_ frame: VideoFrame, with encoder: UnsafeMutablePointer<ISVCEncoder?>,
                               into output: inout EncodedVideoFrame) throws(H264EncoderError) -> Bool {
        var info = SFrameBSInfo()
        let status = frame.storage.withUnsafeBufferPointer { pixels -> Int32 in
            guard let base = pixels.baseAddress else { return -1 }
            let planes = UnsafeMutablePointer(mutating: base)
            let offsets = frame.planeOffsets
            var picture = SSourcePicture()
            picture.iColorFormat = Int32(videoFormatI420.rawValue)
            picture.iPicWidth = Int32(frame.width)
            picture.iPicHeight = Int32(frame.height)
            picture.iStride = (Int32(frame.width), Int32(frame.chromaWidth), Int32(frame.chromaWidth), 0)
            picture.pData = (planes + offsets.y, planes + offsets.u, planes + offsets.v, nil)
            picture.uiTimeStamp = Int64(frame.timestamp.nanoseconds / 1_000_000)
            return CPeerCam_h264_encoder_encode(encoder, &picture, &info)
        }
        guard status == 0 else { throw .openH264(call: "EncodeFrame", status: Int(status)) }
        if info.eFrameType == videoFrameTypeSkip || info.eFrameType == videoFrameTypeInvalid { return false }

        output.annexB.removeAll(keepingCapacity: true)
        output.annexB.reserveCapacity(Int(info.iFrameSizeInBytes))
        let layerCount = Int(info.iLayerNum)
        withUnsafeBytes(of: &info.sLayerInfo) { raw in
            let layers = raw.bindMemory(to: SLayerBSInfo.self)
            for layer in layers.prefix(layerCount) {
                guard let bytes = layer.pBsBuf, let lengths = layer.pNalLengthInByte else { continue }
                var size = 0
                for nal in 0..<Int(layer.iNalCount) { size += Int(lengths[nal]) }
                output.annexB.append(contentsOf: UnsafeBufferPointer(start: bytes, count: size))
            }
        }
        output.isKeyframe = info.eFrameType == videoFrameTypeIDR
        output.width = frame.width
        output.height = frame.height
        output.timestamp = frame.timestamp
        output.sequenceNumber = frame.sequenceNumber
        return true
    }

    private static func apply(_ controls: PendingControls, to encoder: UnsafeMutablePointer<ISVCEncoder?>) throws(H264EncoderError) {
        if let bitrate = controls.targetBitrate {
            var value = SBitrateInfo(iLayer: SPATIAL_LAYER_ALL, iBitrate: Int32(bitrate))
            let status = CPeerCam_h264_encoder_set_option(encoder, ENCODER_OPTION_BITRATE, &value)
            guard status == 0 else { throw .openH264(call: "SetOption(ENCODER_OPTION_BITRATE)", status: Int(status)) }
        }
        if let framesPerSecond = controls.framesPerSecond {
            var value = Float(framesPerSecond)
            let status = CPeerCam_h264_encoder_set_option(encoder, ENCODER_OPTION_FRAME_RATE, &value)
            guard status == 0 else { throw .openH264(call: "SetOption(ENCODER_OPTION_FRAME_RATE)", status: Int(status)) }
        }
        if controls.keyframeRequested {
            let status = CPeerCam_h264_encoder_force_idr(encoder)
            guard status == 0 else { throw .openH264(call: "ForceIntraFrame", status: Int(status)) }
        }
    }

    private static func apply(_ configuration: H264EncoderConfiguration, to parameters: inout SEncParamExt) {
        parameters.iUsageType = CAMERA_VIDEO_REAL_TIME
        parameters.iPicWidth = Int32(configuration.width)
        parameters.iPicHeight = Int32(configuration.height)
        parameters.iTargetBitrate = Int32(configuration.targetBitrate)
        parameters.iMaxBitrate = Int32(UNSPECIFIED_BIT_RATE)
        parameters.iRCMode = RC_BITRATE_MODE
        parameters.fMaxFrameRate = Float(configuration.framesPerSecond)
        parameters.bEnableFrameSkip = configuration.frameSkipping
        parameters.uiIntraPeriod = UInt32(configuration.intraPeriodFrames)
        parameters.bEnableSceneChangeDetect = configuration.sceneChangeDetection
        parameters.eSpsPpsIdStrategy = CONSTANT_ID
        parameters.bPrefixNalAddingCtrl = false
        parameters.bEnableSSEI = false
        parameters.iEntropyCodingModeFlag = 0
        parameters.iTemporalLayerNum = 1
        parameters.iSpatialLayerNum = 1
        parameters.iNumRefFrame = 1
        parameters.iMultipleThreadIdc = 1
        parameters.bEnableLongTermReference = false
        parameters.bEnableDenoise = false
        parameters.bEnableFrameCroppingFlag = true
        parameters.sSpatialLayers.0.iVideoWidth = Int32(configuration.width)
        parameters.sSpatialLayers.0.iVideoHeight = Int32(configuration.height)
        parameters.sSpatialLayers.0.fFrameRate = Float(configuration.framesPerSecond)
        parameters.sSpatialLayers.0.iSpatialBitrate = Int32(configuration.targetBitrate)
        parameters.sSpatialLayers.0.iMaxSpatialBitrate = Int32(UNSPECIFIED_BIT_RATE)
        parameters.sSpatialLayers.0.uiProfileIdc = PRO_BASELINE
        parameters.sSpatialLayers.0.uiLevelIdc = LEVEL_UNKNOWN
        parameters.sSpatialLayers.0.sSliceArgument.uiSliceMode = SM_SINGLE_SLICE
    }
}

/// The OpenH264 encoder pointer, only touched under `H264Encoder.codec`'s lock.
private struct EncoderHandle: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<ISVCEncoder?>
}

/// Controls requested since the last encode, applied in one go before the next.
private struct PendingControls: Sendable {
    var keyframeRequested = false
    var targetBitrate: Int?
    var framesPerSecond: Double?
}
