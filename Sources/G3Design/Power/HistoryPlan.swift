import G3Stats

/// Power of each estimator an experiment could pre-register, with inputs estimated from the
/// outcome's history (`OutcomeHistory`): a comparison of follow-up means ("post only"), the
/// difference in differences, ANCOVA/CUPED on the baseline mean, and Lin's estimator with the
/// baseline covariates. Each multiplies the variance of the post-only comparison by its factor f,
/// so its standardized effect is d/√f with d = effect/SD of the follow-up mean.
public struct HistoryPlan: Sendable {
    public enum Estimator: String, CaseIterable, Sendable {
        case post = "post only"
        case did = "difference in differences"
        case ancova = "ANCOVA / CUPED"
        case lin = "Lin (baseline covariates)"
    }

    public struct Row: Sendable {
        public let estimator: Estimator
        public let varianceFactor: Double
        /// The standardized effect the estimator sees, d/√f.
        public let effectD: Double?
        /// Accounts per arm for the target power, or the power at the given n.
        public let nPerArm: Double?
        public let power: Double?
        /// With a given n: the minimum detectable effect in outcome units at 80% power. (Solving for
        /// n, every estimator detects exactly the planned effect.)
        public let minimumDetectableEffect: Double?
    }

    public let rows: [Row]

    /// The estimator to pre-register: the smallest variance factor, the simpler one (earlier in
    /// `Estimator`'s order) unless a later one is more than 1% smaller.
    public var recommended: Row {
        rows.dropFirst().reduce(rows[0]) { best, row in row.varianceFactor < 0.99 * best.varianceFactor ? row : best }
    }

    /// `effect`: the absolute effect on the follow-up mean; give `targetPower` to solve n per arm, or
    /// `nPerArm` to solve power and the MDE at 80% power.
    public init(
        history: OutcomeHistory, effect: Double, targetPower: Double?, nPerArm: Double?, design: PowerDesign
    ) throws {
        let calculator = PowerCalculator(design: design)
        var factors: [(Estimator, Double)] = [
            (.post, 1), (.did, history.differenceFactor),
            (.ancova, 1 - history.baselineCorrelation * history.baselineCorrelation)
        ]
        if let r2 = history.covariateR2 { factors.append((.lin, 1 - r2)) }
        rows = try factors.map { estimator, f in
            let factor = max(f, 1e-12)
            let d = effect / history.sd / factor.squareRoot()
            if let target = targetPower {
                let n = try calculator.analyze(.sampleSize(effect: .standardized(d), power: target)).nTreatment
                return Row(
                    estimator: estimator, varianceFactor: factor, effectD: d, nPerArm: n, power: nil,
                    minimumDetectableEffect: nil)
            }
            let n = nPerArm ?? 2
            let power = try calculator.analyze(.power(nTreatment: n, effect: .standardized(d))).power
            let mde = try calculator.minimumDetectableEffect(nTreatment: n, power: 0.8)
            return Row(
                estimator: estimator, varianceFactor: factor, effectD: d, nPerArm: nil, power: power,
                minimumDetectableEffect: mde.standardized * factor.squareRoot() * history.sd)
        }
    }
}
