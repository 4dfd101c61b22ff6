extension AudioFrame {
    /// Root-mean-square level of all samples, as a fraction of full scale (0…1).
    /// Lets tests tell silence from sound (for example concealed audio after a lost
    /// packet) without caring what the sound is.
    public var rootMeanSquareLevel: Double {
        guard !samples.isEmpty else { return 0 }
        var sum = 0.0
        for sample in samples {
            let value = Double(sample) / 32768
            sum += value * value
        }
        return (sum / Double(samples.count)).squareRoot()
    }
}
