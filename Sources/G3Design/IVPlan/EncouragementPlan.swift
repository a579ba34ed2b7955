import G3Stats

/// The plan of an encouragement design: a random share P of accounts is offered the engagement;
/// a share c of the offered and s of the others take it up. The offer instruments the take-up, and
/// the Wald/2SLS estimator's test is the ITT test divided by the first stage, so (METHODS.md):
/// ITT = (c − s)·LATE, MDE_LATE = MDE_ITT/(c − s), N_LATE = N_ITT/(c − s)².
///
/// Sizes, power and MDEs come from `PowerCalculator` (the normal or t test, allocation r = (1 − P)/P,
/// covariate R², cluster design effect). The expected first-stage F is 1 + μ², with the
/// concentration parameter μ² = N P(1 − P)(c − s)² / (σ_v² · DE) and σ_v² = P c(1 − c) + (1 − P) s(1 − s),
/// the take-up variance within arms.
public struct EncouragementPlan: Sendable {
    public let share: Double
    public let compliance: Compliance
    public let design: PowerDesign

    public init(
        share: Double, compliance: Compliance, test: PowerTest = .z, alpha: Double = 0.05, sides: Sides = .two,
        covariateR2: Double = 0, cluster: ClusterDesign? = nil
    ) throws {
        guard share > 0, share < 1 else {
            throw PowerInputError(parameter: .share, expected: "a number in (0, 1)", got: share)
        }
        self.share = share
        self.compliance = compliance
        design = try PowerDesign(
            test: test, alpha: alpha, sides: sides, ratio: (1 - share) / share, cluster: cluster,
            covariateR2: covariateR2, compliance: compliance)
    }

    var late: PowerCalculator { PowerCalculator(design: design) }
    var itt: PowerCalculator {
        var d = design
        d.compliance = nil
        return PowerCalculator(design: d)
    }
    var total: Double { 1 + design.ratio }  // accounts per offered account

    /// Total accounts to detect an effect `d` (SD units) on those who take up, and to detect `d` as the
    /// effect of the offer itself (the ITT).
    public func sampleSize(effect d: Double, power: Double) throws -> (late: Double, itt: Double) {
        (
            try late.sampleSize(effect: .standardized(d), power: power) * total,
            try itt.sampleSize(effect: .standardized(d), power: power) * total
        )
    }

    /// Power of the Wald/2SLS test with N accounts against an effect `d` on those who take up.
    public func power(total n: Double, effect d: Double) throws -> Double {
        try late.power(nTreatment: n / total, effect: .standardized(d))
    }

    /// The smallest ITT and LATE (SD units) detected with `power` at N accounts.
    public func minimumDetectableEffect(total n: Double, power: Double) throws -> (late: Double, itt: Double) {
        (
            try late.minimumDetectableEffect(nTreatment: n / total, power: power).standardized,
            try itt.minimumDetectableEffect(nTreatment: n / total, power: power).standardized
        )
    }

    /// μ² at N accounts; the expected first-stage F is 1 + μ².
    public func concentration(total n: Double) -> Double {
        let c = compliance.takeupTreatment
        let s = compliance.takeupControl
        let variance = share * c * (1 - c) + (1 - share) * s * (1 - s)
        let gap = c - s
        return n * share * (1 - share) * gap * gap / (max(variance, 1e-12) * design.designEffect)
    }
}
