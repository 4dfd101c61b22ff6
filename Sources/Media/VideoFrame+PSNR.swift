extension VideoFrame {
    /// Peak signal-to-noise ratio of the luma plane against `reference`, in dB
    /// (peak 255). Codec tests and the benchmark use it to state picture quality as
    /// one number; luma is where H264 spends most bits and where damage shows.
    ///
    /// Returns `.infinity` for identical planes and nil when the sizes differ.
    public func lumaPSNR(comparedTo reference: VideoFrame) -> Double? {
        guard width == reference.width, height == reference.height else { return nil }
        let count = lumaByteCount
        let squaredError: UInt64 = storage.withUnsafeBufferPointer { mine in
            reference.storage.withUnsafeBufferPointer { theirs in
                var sum: UInt64 = 0
                for index in 0..<count {
                    let difference = Int(mine[index]) - Int(theirs[index])
                    sum &+= UInt64(difference * difference)
                }
                return sum
            }
        }
        guard squaredError > 0 else { return .infinity }
        let meanSquaredError = Double(squaredError) / Double(count)
        return 10 * log10(255 * 255 / meanSquaredError)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
