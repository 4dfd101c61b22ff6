/// Time per frame as V4L2 states it: `numerator / denominator` seconds (1/30 for 30 fps).
public struct VideoFrameInterval: Sendable, Codable, Hashable, CustomStringConvertible {
    public var numerator: UInt32
    public var denominator: UInt32

    public init(numerator: UInt32, denominator: UInt32) {
        self.numerator = numerator
        self.denominator = denominator
    }

    /// An interval for a rate, as a fraction over 1000 so 29.97 survives.
    public init(framesPerSecond: Double) {
        let rate = max(framesPerSecond, 0.001)
        self.init(numerator: 1000, denominator: UInt32(min((rate * 1000).rounded(), Double(UInt32.max))))
    }

    public var framesPerSecond: Double { numerator == 0 ? 0 : Double(denominator) / Double(numerator) }

    public var description: String { "\(numerator)/\(denominator)s" }
}
