/// A V4L2 pixel format: the four-character code a driver lists in `VIDIOC_ENUM_FMT`.
///
/// See https://docs.kernel.org/userspace-api/media/v4l/pixfmt.html. Stored as the
/// little-endian fourcc (`v4l2_fourcc('Y','U','Y','V')`), printed as its four letters.
public struct V4L2PixelFormat: Hashable, Sendable, CustomStringConvertible {
    public let fourcc: UInt32

    public init(fourcc: UInt32) { self.fourcc = fourcc }

    /// The format whose code spells `code` (four ASCII characters; shorter codes are padded with spaces).
    public init(_ code: String) {
        var value: UInt32 = 0
        for (index, byte) in code.utf8.prefix(4).enumerated() { value |= UInt32(byte) << (8 * UInt32(index)) }
        for index in min(code.utf8.count, 4)..<4 { value |= UInt32(UInt8(ascii: " ")) << (8 * UInt32(index)) }
        fourcc = value
    }

    /// The four letters, with non-printable bytes as `?`.
    public var code: String {
        String(decoding: (0..<4).map { shift -> UInt8 in
            let byte = UInt8(truncatingIfNeeded: fourcc >> (8 * shift))
            return (0x20...0x7e).contains(byte) ? byte : UInt8(ascii: "?")
        }, as: UTF8.self)
    }

    public var description: String { code }

    public static let yuv420 = V4L2PixelFormat("YU12")
    public static let yvu420 = V4L2PixelFormat("YV12")
    public static let nv12 = V4L2PixelFormat("NV12")
    public static let nv21 = V4L2PixelFormat("NV21")
    public static let yuyv = V4L2PixelFormat("YUYV")
    public static let uyvy = V4L2PixelFormat("UYVY")
    public static let yvyu = V4L2PixelFormat("YVYU")
    public static let rgb24 = V4L2PixelFormat("RGB3")
    public static let bgr24 = V4L2PixelFormat("BGR3")
    public static let mjpeg = V4L2PixelFormat("MJPG")
    public static let jpeg = V4L2PixelFormat("JPEG")
    public static let h264 = V4L2PixelFormat("H264")

    /// Bayer formats libv4lconvert demosaics (8-bit, all four orders).
    public static let bayer8: Set<V4L2PixelFormat> = [V4L2PixelFormat("BA81"), V4L2PixelFormat("GBRG"),
                                                      V4L2PixelFormat("GRBG"), V4L2PixelFormat("RGGB")]

    /// How much work turning this format into I420 costs, in score points (see
    /// `VideoFormatScore`); nil when libv4lconvert cannot produce I420 from it.
    ///
    /// Every format with a cost here is converted on vivid by `scripts/test-capture-vm`
    /// except MJPEG/JPEG (vivid has none). I420 is free; the other planar/packed YUV
    /// layouts are a cheap shuffle; RGB needs
    /// a colour-space conversion per pixel; JPEG needs a decoder per frame, which costs a
    /// small board most; Bayer needs demosaicing and looks worst.
    public var conversionCostToI420: Double? {
        switch self {
        case .yuv420: 0
        // NV21 is missing on purpose: libv4lconvert 1.24 has no conversion from it.
        case .yvu420, .nv12: 2
        case .yuyv, .uyvy, .yvyu: 5
        case .rgb24, .bgr24: 10
        case .mjpeg, .jpeg: 20
        case _ where Self.bayer8.contains(self): 30
        default: nil
        }
    }
}

/// Encodes as the four letters (`"YUYV"`) so probe JSON reads like `v4l2-ctl` output;
/// a code with non-printable bytes encodes as its number so nothing is lost.
extension V4L2PixelFormat: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(UInt32.self) {
            self.init(fourcc: number)
            return
        }
        let code = try container.decode(String.self)
        guard code.utf8.count == 4 else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "a fourcc has 4 characters, got \(code)")
        }
        self.init(code)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if V4L2PixelFormat(code) == self { try container.encode(code) } else { try container.encode(fourcc) }
    }
}
