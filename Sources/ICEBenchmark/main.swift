// ice-benchmark: loopback figures for the ICE wrapper, printed, never asserted.
// Usage: ice-benchmark [runs] (default 50). Uses 127.0.0.1 only; no STUN/TURN, no UPnP.
import ICE

let runs = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 50
let roundTrips = 1000
let sinkDatagrams = 10_000

func milliseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
}

func summary(_ values: [Double], unit: String) -> String {
    let sorted = values.sorted()
    func at(_ fraction: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))] }
    let format = { (value: Double) in String(Int((value * 100).rounded())).paddedCents }
    return "min \(format(sorted[0])) median \(format(at(0.5))) p90 \(format(at(0.9))) max \(format(sorted[sorted.count - 1])) \(unit)"
}

extension String {
    /// "1234" → "12.34" (two decimals without Foundation formatting).
    var paddedCents: String {
        let digits = count < 3 ? String(repeating: "0", count: 3 - count) + self : self
        return "\(digits.dropLast(2)).\(digits.suffix(2))"
    }
}

var connectTimes: [Double] = []
var roundTripTimes: [Double] = []
var sendCosts: [Double] = []
var refusedSends = 0
let clock = ContinuousClock()

for run in 0..<runs {
    let pair = try BenchmarkPair()
    connectTimes.append(milliseconds(try await pair.connect()))
    if run % 5 == 0 {
        roundTripTimes.append(milliseconds(try await pair.pingPong(count: roundTrips)) * 1000 / Double(roundTrips))
        var datagram = [BenchmarkPair.sink] + [UInt8](repeating: 0x5A, count: 1199)
        let start = clock.now
        for index in 0..<sinkDatagrams {
            datagram[1] = UInt8(truncatingIfNeeded: index)
            do { try pair.controlling.send(datagram) } catch { refusedSends += 1 }
        }
        sendCosts.append(milliseconds(clock.now - start) * 1000 / Double(sinkDatagrams))
    }
    await pair.close()
}

print("ice-benchmark: \(runs) loopback pairs (127.0.0.1, host candidates, trickle, consent freshness on)")
print("connect (credentials exchanged → both connected): \(summary(connectTimes, unit: "ms"))")
print("round trip, 1200-byte datagram echoed from the loop thread: \(summary(roundTripTimes, unit: "µs"))")
print("send(), 1200-byte datagram, \(sinkDatagrams) in a row: \(summary(sendCosts, unit: "µs")) (\(refusedSends) refused)")
