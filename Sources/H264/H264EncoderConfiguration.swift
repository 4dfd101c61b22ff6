/// What an `H264Encoder` produces. Everything here is fixed for the encoder's life
/// except the target bitrate and frame rate, which `H264Encoder` can change while running.
///
/// The profile is always constrained baseline: CAVLC, no B-frames, one slice, no SVC
/// prefix NALs, which every WebRTC peer decodes. OpenH264 writes profile_idc 66 with
/// constraint_set0/1 (SPS bytes `42 c0 LL`) and picks the level from size and rate
/// (1e = 3.0 at 480p30, 1f = 3.1 at 720p30), which SDP's `profile-level-id=42e01f`
/// (constrained baseline, level 3.1) covers up to 720p30.
public struct H264EncoderConfiguration: Sendable, Equatable {
    public var width: Int
    public var height: Int
    /// Expected input rate; OpenH264's rate control spreads the bitrate over it (1…60).
    public var framesPerSecond: Double
    /// Average bits per second the rate control aims at.
    public var targetBitrate: Int
    /// Frames between automatic IDRs; 0 means an IDR only at the start and whenever
    /// `requestKeyframe()` is called (WebRTC viewers ask with PLI/FIR when they need one).
    public var intraPeriodFrames: Int
    /// OpenH264's scene-change detection inserts an IDR when a picture differs a lot from
    /// the previous one. Off by default: on synthetic or noisy content it fired every ~18
    /// frames here, and each IDR costs several P-frames' worth of bits, which starves the
    /// following frames at a fixed bitrate. Keyframes come from the intra period and from
    /// viewers' requests instead.
    public var sceneChangeDetection: Bool
    /// Lets the rate control drop input frames when it overshoots. Off by default so that
    /// every input frame yields exactly one access unit (frame indexes and timestamps
    /// stay one-to-one); turn on for links where the bitrate ceiling matters more.
    public var frameSkipping: Bool

    public init(width: Int, height: Int, framesPerSecond: Double = 30, targetBitrate: Int = 2_000_000,
                intraPeriodFrames: Int = 0, sceneChangeDetection: Bool = false, frameSkipping: Bool = false) {
        self.width = width
        self.height = height
        self.framesPerSecond = framesPerSecond
        self.targetBitrate = targetBitrate
        self.intraPeriodFrames = intraPeriodFrames
        self.sceneChangeDetection = sceneChangeDetection
        self.frameSkipping = frameSkipping
    }

    static let frameRateRange: ClosedRange<Double> = 1...60

    /// Checks the rules OpenH264 would otherwise answer with a bare status code.
    func validate() throws(H264EncoderError) {
        guard width > 0, height > 0, width % 2 == 0, height % 2 == 0 else {
            throw .dimensionsNotPositiveAndEven(width: width, height: height)
        }
        try Self.validate(framesPerSecond: framesPerSecond)
        try Self.validate(bitrate: targetBitrate)
        guard intraPeriodFrames >= 0 else { throw .intraPeriodNegative(intraPeriodFrames) }
    }

    static func validate(framesPerSecond: Double) throws(H264EncoderError) {
        guard frameRateRange.contains(framesPerSecond) else { throw .frameRateOutOfRange(framesPerSecond) }
    }

    static func validate(bitrate: Int) throws(H264EncoderError) {
        guard bitrate > 0, bitrate <= Int(Int32.max) else { throw .bitrateOutOfRange(bitrate) }
    }
}
