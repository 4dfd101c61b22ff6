/// The overuse detector of Google Congestion Control's delay-based part, in its trendline
/// form (draft-ietf-rmcat-gcc-02 §5; the trendline filter is what libwebrtc runs instead of
/// the draft's Kalman filter).
///
/// Input: for each pair of consecutive packet groups, the delay variation — how much longer
/// the second group took to arrive after the first than it took to send after it. When a
/// bottleneck queue fills, these variations are positive and their running sum (the queueing
/// delay) grows. The detector smooths that sum (exponential, `smoothing`), fits a line
/// through the last `windowSize` points (arrival time, smoothed delay) by least squares and
/// compares the slope, scaled by `gain` and the number of samples, with an adaptive threshold:
///
/// - above the threshold for more than 10 ms and two samples in a row, with the slope not
///   falling: `.overusing` (the queue grows; the sender must slow down);
/// - below minus the threshold: `.underusing` (the queue drains; hold, do not increase yet);
/// - otherwise `.normal`.
///
/// The threshold follows the observed trend (up slowly, down faster, §5.4) so that a
/// competing TCP flow does not starve us. What is left out of libwebrtc's version: the burst
/// grouping by arrival time and the trend-based "probe" logic.
/// See https://datatracker.ietf.org/doc/html/draft-ietf-rmcat-gcc-02#section-5
public struct DelayTrendlineDetector: Sendable {
    public enum Signal: Equatable, Sendable {
        case normal
        case overusing
        case underusing
    }

    public var windowSize: Int
    public var smoothing = 0.9
    public var gain = 4.0
    /// Current adaptive threshold, milliseconds.
    public private(set) var threshold = 12.5
    public private(set) var signal = Signal.normal
    /// The last fitted slope (ms of queueing delay per ms), for diagnostics.
    public private(set) var trend = 0.0

    private var accumulatedDelay = 0.0
    private var smoothedDelay = 0.0
    private var firstArrival: Double?
    private var times: [Double]
    private var delays: [Double]
    private var sampleCount = 0
    private var next = 0
    private var deltaCount = 0
    private var timeOverusing = -1.0
    private var overuseCounter = 0
    private var previousTrend = 0.0
    private var lastThresholdUpdate: Double?

    public init(windowSize: Int = 20) {
        self.windowSize = max(2, windowSize)
        times = Array(repeating: 0, count: self.windowSize)
        delays = Array(repeating: 0, count: self.windowSize)
    }

    /// Feeds one group-to-group delay variation.
    ///
    /// - Parameters:
    ///   - delayVariation: arrival delta minus send delta, milliseconds.
    ///   - arrival: the later group's arrival time, milliseconds on the receiver's clock.
    ///   - sendDelta: the send-time delta between the groups, milliseconds.
    @discardableResult
    public mutating func update(delayVariation: Double, arrival: Double, sendDelta: Double) -> Signal {
        deltaCount = min(deltaCount + 1, 1000)
        accumulatedDelay += delayVariation
        smoothedDelay = smoothing * smoothedDelay + (1 - smoothing) * accumulatedDelay
        let origin = firstArrival ?? arrival
        firstArrival = origin
        times[next] = arrival - origin
        delays[next] = smoothedDelay
        next = (next + 1) % windowSize
        sampleCount = min(sampleCount + 1, windowSize)
        if sampleCount == windowSize, let slope = fittedSlope() { trend = slope }
        detect(sendDelta: sendDelta, arrival: arrival)
        return signal
    }

    /// Least-squares slope of smoothed delay over arrival time, `nil` when all times coincide.
    private func fittedSlope() -> Double? {
        let count = Double(sampleCount)
        let meanTime = times.reduce(0, +) / count
        let meanDelay = delays.reduce(0, +) / count
        var numerator = 0.0
        var denominator = 0.0
        for index in 0..<sampleCount {
            let dt = times[index] - meanTime
            numerator += dt * (delays[index] - meanDelay)
            denominator += dt * dt
        }
        return denominator == 0 ? nil : numerator / denominator
    }

    private mutating func detect(sendDelta: Double, arrival: Double) {
        guard deltaCount >= 2 else { return }
        let modified = Double(min(deltaCount, 60)) * trend * gain
        if modified > threshold {
            timeOverusing = timeOverusing < 0 ? sendDelta / 2 : timeOverusing + sendDelta
            overuseCounter += 1
            if timeOverusing > 10 && overuseCounter > 1 && trend >= previousTrend {
                timeOverusing = 0
                overuseCounter = 0
                signal = .overusing
            }
        } else if modified < -threshold {
            timeOverusing = -1
            overuseCounter = 0
            signal = .underusing
        } else {
            timeOverusing = -1
            overuseCounter = 0
            signal = .normal
        }
        previousTrend = trend
        adaptThreshold(modified: modified, arrival: arrival)
    }

    /// §5.4: γ moves towards |m| with gain 0.0087 when above it, 0.039 when below, per ms.
    private mutating func adaptThreshold(modified: Double, arrival: Double) {
        defer { lastThresholdUpdate = arrival }
        guard let last = lastThresholdUpdate else { return }
        let magnitude = abs(modified)
        guard magnitude <= threshold + 15 else { return }  // a spike, not a trend
        let k = magnitude < threshold ? 0.039 : 0.0087
        let elapsed = min(max(arrival - last, 0), 100)
        threshold = min(max(threshold + k * (magnitude - threshold) * elapsed, 6), 600)
    }
}
