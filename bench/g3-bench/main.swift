// Benchmarks of g3-design's numerical core, run by `make bench` (bench/run.sh).
// Each case is repeated; the median, the fastest and the 90th percentile wall times are printed
// as one CSV line per case: case,repetitions,median_ms,min_ms,p90_ms.
import Foundation
import G3Design

struct Case {
    let name: String
    let body: () throws -> Void
}

/// Runs `body` `repetitions` times after one warm-up and returns the sorted wall times in ms.
func measure(_ repetitions: Int, _ body: () throws -> Void) rethrows -> [Double] {
    try body()
    let clock = ContinuousClock()
    var times: [Double] = []
    for _ in 0..<repetitions {
        let elapsed = try clock.measure(body)
        times.append(Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) * 1e-15)
    }
    return times.sorted()
}

let design = try PowerDesign()
let calculator = PowerCalculator(design: design)
let solved = try calculator.analyze(.sampleSize(effect: .standardized(0.5), power: 0.8))
let cases = [
    // Power at 1,000 sample sizes (the power curve of `--curve`), t test with the exact noncentral t.
    Case(name: "power_curve_1000_t") { _ = try calculator.curve(around: solved, points: 1000) },
    // Power at the same 1,000 sizes under the normal approximation.
    Case(name: "power_curve_1000_z") {
        let z = PowerCalculator(design: try PowerDesign(test: .z))
        _ = try z.curve(around: solved, points: 1000)
    },
    // One sample-size solve for a tiny effect (d = 0.032: about 15,331 per arm).
    Case(name: "solve_n_d0.032") { _ = try calculator.sampleSize(effect: .standardized(0.032), power: 0.8) },
]

let repetitions = Int(CommandLine.arguments.dropFirst().first ?? "") ?? 30
print("case,repetitions,median_ms,min_ms,p90_ms")
for benchmark in cases {
    let times = try measure(repetitions, benchmark.body)
    let median = times[times.count / 2], p90 = times[min(times.count - 1, times.count * 9 / 10)]
    print(String(format: "%@,%d,%.3f,%.3f,%.3f", benchmark.name, repetitions, median, times[0], p90))
}
