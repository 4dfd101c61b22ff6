/// Why `H264Encoder` refused a configuration, a control or a frame. Each case names the
/// rule that was broken, so callers and tests can tell them apart.
public enum H264EncoderError: Error, Equatable, Sendable {
    /// I420 needs positive, even dimensions.
    case dimensionsNotPositiveAndEven(width: Int, height: Int)
    /// OpenH264 accepts 1…60 frames per second.
    case frameRateOutOfRange(Double)
    /// Bitrates are positive and fit OpenH264's 32-bit field.
    case bitrateOutOfRange(Int)
    case intraPeriodNegative(Int)
    /// An encoder is initialised for one picture size; a new size needs a new encoder.
    case frameSizeMismatch(expectedWidth: Int, expectedHeight: Int, width: Int, height: Int)
    /// OpenH264 itself failed; `call` names the function, `status` is what it returned.
    case openH264(call: String, status: Int)
}
