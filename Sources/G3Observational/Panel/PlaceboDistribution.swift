import Foundation
import G3Stats

/// Placebo treatments drawn at random among the controls, for one outcome.
///
/// Each draw labels as many never-engaged accounts as there are matched engaged ones "engaged" (drawn
/// without replacement with weights equal to their propensity odds p/(1 − p), so that the placebo group
/// resembles the engaged accounts as ATT weighting would make it; Efraimidis & Spirakis 2006), gives
/// each an engagement month drawn from the real matched ones, matches them to the remaining controls
/// on the same propensity score with the same rules, and takes the ATT over their post-months as the
/// real analysis does. A random label has no effect, so the draws show how far from 0 the estimator
/// lands by chance; `pValue` = (1 + #{|draw| ≥ |estimate|}) / (1 + draws) says where the real
/// estimate falls (Abadie, Diamond & Hainmueller 2010 use the same logic for synthetic controls).
public struct PlaceboDistribution: Sendable {
    public let outcome: String
    /// The real ATT the draws are compared with.
    public let estimate: Double
    /// One placebo ATT per successful draw, in draw order.
    public let draws: [Double]
    /// Draws in which no placebo unit found a control (they give no estimate).
    public let failedDraws: Int

    public var mean: Double { Moments(draws).mean }
    public var standardDeviation: Double { Moments(draws).variance.squareRoot() }
    /// The central `level` range of the draws (type-7 quantiles).
    public func interval(level: Double) -> (low: Double, high: Double) {
        let sorted = draws.sorted()
        return (quantileType7(sorted: sorted, (1 - level) / 2), quantileType7(sorted: sorted, (1 + level) / 2))
    }
    public var pValue: Double {
        Double(1 + draws.filter { abs($0) >= abs(estimate) }.count) / Double(1 + draws.count)
    }

    /// `count` placebo draws over the matching's units (`accounts[i]` is unit i's panel account).
    static func draw(_ count: Int, panel: AccountPanel, accounts: [Int], distance: [Double], logits: [Double], treated: [Bool], exact: [String]?,
                     spec: MatchingSpec, months: [Int], effects: [MatchedEffect], random: RandomSource) throws -> [PlaceboDistribution] {
        guard count > 0 else { return [] }
        let controls = treated.indices.filter { !treated[$0] }
        let size = months.count
        guard size < controls.count else {
            throw ObservationalError("placebo treatments need more controls (\(controls.count)) than matched engaged accounts (\(size)); use --placebo-draws 0")
        }
        let controlAccounts = controls.map { accounts[$0] }, controlDistance = controls.map { distance[$0] }
        let controlStrata = exact.map { strata in controls.map { strata[$0] } }
        var draws = [[Double]](repeating: [], count: effects.count), failed = 0
        let controlLogits = controls.map { logits[$0] }
        for _ in 0..<count {
            // Weighted sampling without replacement: the k smallest keys log(−log u) − logit.
            let keys = controlLogits.map { Foundation.log(-Foundation.log(1 - random.uniform())) - $0 }
            let order = controls.indices.sorted { keys[$0] < keys[$1] }
            var placebo = [Bool](repeating: false, count: controls.count), month = [Int](repeating: 0, count: controls.count)
            for i in order.prefix(size) {
                placebo[i] = true
                month[i] = months[random.integer(below: months.count)]
            }
            let sample: MatchedSample
            do {
                sample = try NearestNeighborMatcher.match(distance: controlDistance, treated: placebo, strata: controlStrata, spec: spec, random: random)
            } catch is ObservationalError {
                failed += 1
                continue
            }
            for (k, effect) in effects.enumerated() {
                let values = PanelAnalysis.windowed(panel, accounts: controlAccounts, sample.subclasses, month: { month[$0] },
                                                    outcome: effect.outcome, post: true).values
                guard !values.isEmpty else { continue }
                draws[k].append(values.map { $0.treated - $0.controls.map(\.value).reduce(0, +) / Double($0.controls.count) }.reduce(0, +)
                                / Double(values.count))
            }
        }
        return zip(effects, draws).map { PlaceboDistribution(outcome: $0.outcome, estimate: $0.estimate, draws: $1, failedDraws: failed) }
    }
}
