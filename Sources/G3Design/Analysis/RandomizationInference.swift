import G3Stats

/// Fisher's randomization test of the sharp null that the program changed no unit's outcome
/// (Imbens & Rubin 2015, ch. 5). Under that null the outcomes are fixed, so the assignment is the
/// only random thing: the design's own randomization (its strata, dependent rounding and
/// re-randomization acceptance) is repeated `draws` times, and the p-value is the share of draws
/// whose statistic is at least as far from 0 as the observed one, (1 + #{|T_d| ≥ |T_obs|})/(1 + draws).
/// After re-randomization this is the test the design guarantees; the Neyman t-test is then
/// conservative (Morgan & Rubin 2012).
public struct RandomizationInference: Sendable, Equatable {
    public let draws: Int
    /// Draw d used MT19937 seeded with seed + d.
    public let seed: UInt32
    /// The observed difference in means (arm − reference).
    public let observed: Double
    public let pValue: Double
    /// The Monte Carlo SE of the p-value, √(p(1 − p)/draws).
    public var monteCarloSE: Double { (pValue * (1 - pValue) / Double(draws)).squareRoot() }

    /// `units`: every randomized unit, as at randomization. `outcome`: the analysed units' outcomes
    /// (in a fixed order, so that sums are the same in every run); `arm` and `reference` are arm
    /// indices of `randomizer`. Draw d uses MT19937 seeded with `seed` + d, so the p-value does not
    /// depend on the number of threads.
    public static func test(
        units: [RandomizationUnit], randomizer: StratifiedRandomizer, arm: Int, reference: Int,
        outcome: [(id: String, value: Double)], observedArms: [String: Int], draws: Int, seed: UInt32,
        progress: (@Sendable (Int) -> Void)? = nil
    ) throws -> RandomizationInference {
        guard draws >= 1 else { throw EstimationError("randomization inference needs at least one draw") }
        let prepared = try randomizer.prepare(units)
        // The analysed units' positions in the draws' (sorted) order, once.
        let position = Dictionary(prepared.units.enumerated().map { ($1.id, $0) }) { first, _ in first }
        let analysed = outcome.compactMap { o in position[o.id].map { (index: $0, value: o.value) } }
        let observedArms = prepared.units.map { observedArms[$0.id] ?? -1 }
        guard let observed = difference(analysed, arms: observedArms, arm: arm, reference: reference) else {
            throw EstimationError("randomization inference: an arm has no unit with an outcome")
        }
        let extreme = try Parallel.map(draws) { d -> Bool in
            let random = MersenneTwister(seed: seed &+ UInt32(truncatingIfNeeded: d))
            let arms = try randomizer.accepted(prepared, random: random).arms
            progress?(d)
            guard let t = difference(analysed, arms: arms, arm: arm, reference: reference) else { return false }
            return abs(t) >= abs(observed) * (1 - 1e-12)
        }
        let count = extreme.filter { $0 }.count
        return RandomizationInference(
            draws: draws, seed: seed, observed: observed, pValue: Double(1 + count) / Double(1 + draws))
    }

    /// The difference in means between the analysed units in `arm` and in `reference` under `arms`
    /// (indexed by position); nil when either has none.
    static func difference(_ analysed: [(index: Int, value: Double)], arms: [Int], arm: Int, reference: Int) -> Double?
    {
        var sum = [0.0, 0.0]
        var count = [0, 0]
        for u in analysed where arms[u.index] == arm || arms[u.index] == reference {
            let g = arms[u.index] == arm ? 0 : 1
            sum[g] += u.value
            count[g] += 1
        }
        guard count[0] > 0, count[1] > 0 else { return nil }
        return sum[0] / Double(count[0]) - sum[1] / Double(count[1])
    }
}
