// Benchmarks of g3-design's numerical core, run by `make bench` (bench/run.sh).
// Each case is repeated; the median, the fastest and the 90th percentile wall times are printed
// as one CSV line per case: case,repetitions,median_ms,min_ms,p90_ms.
import Foundation
import G3Design
import G3Stats

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

/// 1,000,000 units in 50 strata, ids in no particular order (the randomizer sorts them).
let millionUnits = (0..<1_000_000).map { i in
    RandomizationUnit(id: "acct-\((i &* 2_654_435_761) % 1_000_003)-\(i)", stratum: "stratum-\(i % 50)")
}
let halfAndHalf = try StratifiedRandomizer(arms: [
    ArmShare(name: "control", share: 0.5), ArmShare(name: "g3", share: 0.5)
])

/// 5,000 units in 12 strata with two covariates, re-randomized (acceptance 0.2), and an outcome that
/// depends on the first covariate: the issue-16 target for randomization inference.
let inferenceUnits = (0..<5000).map { (i: Int) -> RandomizationUnit in
    let first = Double((i * 7919) % 1000)
    let second = Double((i * 104_729) % 997)
    return RandomizationUnit(id: String(format: "u%05d", i), stratum: "s\(i % 12)", covariates: [first, second])
}
let inferenceOutcome = inferenceUnits.enumerated().map { (i: Int, unit: RandomizationUnit) in
    (id: unit.id, value: unit.covariates[0] * 3 + Double(i % 7))
}
let rerandomized = try StratifiedRandomizer(
    arms: [ArmShare(name: "control", share: 0.5), ArmShare(name: "g3", share: 0.5)],
    rerandomization: RerandomizationRule(acceptanceProbability: 0.2, maxDraws: 1000))
let inferenceObserved = try rerandomized.randomize(inferenceUnits, random: MersenneTwister(seed: 7))
let inferenceArms = Dictionary(
    uniqueKeysWithValues: zip(
        inferenceObserved.units.map { (unit: RandomizationUnit) in unit.id }, inferenceObserved.arms))

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
    // Stratified randomization of 1,000,000 units across 50 strata (sort, dependent rounding, shuffles).
    Case(name: "randomize_1M_units_50_strata") {
        _ = try halfAndHalf.randomize(millionUnits, random: MersenneTwister(seed: 1))
    },
    // Fisher's randomization test: 10,000 draws of a re-randomized design on 5,000 units in 12 strata
    // (issue 16: at most 3 s on 2 cores).
    Case(name: "randomization_inference_10k_draws_5000_units_12_strata") {
        _ = try RandomizationInference.test(
            units: inferenceUnits, randomizer: rerandomized, arm: 1, reference: 0, outcome: inferenceOutcome,
            observedArms: inferenceArms, draws: 10_000, seed: 1)
    }
]

let repetitions = Int(CommandLine.arguments.dropFirst().first ?? "") ?? 30
print("case,repetitions,median_ms,min_ms,p90_ms")
for benchmark in cases {
    // Second-long cases get fewer repetitions.
    let slow = benchmark.name.hasPrefix("randomiz")
    let times = try measure(slow ? min(repetitions, 5) : repetitions, benchmark.body)
    let median = times[times.count / 2]
    let p90 = times[min(times.count - 1, times.count * 9 / 10)]
    print(String(format: "%@,%d,%.3f,%.3f,%.3f", benchmark.name, times.count, median, times[0], p90))
}
