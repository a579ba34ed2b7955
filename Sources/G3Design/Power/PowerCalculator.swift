import Foundation
import G3Stats

/// The effect a design should detect.
public enum Effect: Equatable, Sendable {
    /// Cohen's d = (μ₁ − μ₀)/σ.
    case standardized(Double)
    /// Success probabilities in the control and the treatment arm.
    case proportions(control: Double, treatment: Double)

    /// The standardized size: d, or Cohen's h = 2 asin √p₁ − 2 asin √p₀ for proportions.
    public var standardized: Double {
        switch self {
        case .standardized(let d): return d
        case .proportions(let p0, let p1): return 2 * asin(p1.squareRoot()) - 2 * asin(p0.squareRoot())
        }
    }
}

/// Power, sample size and minimum detectable effect for a two-arm comparison.
///
/// The design's variance factor F (cluster design effect, covariate R², repeated measures)
/// means n accounts carry the information of n/F independent ones: power is computed at the
/// effective sizes n₁/F and r·n₁/F (the t test's degrees of freedom too), so the required n is
/// F times the unadjusted one. Under non-compliance the arms differ by (c − s) × the effect.
public struct PowerCalculator: Sendable {
    public let design: PowerDesign
    public init(design: PowerDesign) { self.design = design }

    /// The smallest treatment-arm size considered: both arms hold at least 2 accounts and 2 effective
    /// units (a variance factor below 1, from covariates or many rounds, never makes one account enough;
    /// a given n is held to the same, `validate(n:)`).
    public var minimumTreatmentSize: Double { max(design.varianceFactor, 1) * max(2, 2 / design.ratio) }
    static let maximumTreatmentSize = 1e10

    // MARK: Power

    /// Power of the test with n₁ treated units (and r·n₁ controls) against `effect`.
    public func power(nTreatment n1: Double, effect: Effect) throws -> Double {
        let factor = design.varianceFactor
        let n1e = n1 / factor
        let n0e = design.ratio * n1 / factor
        let dilution = design.compliance?.dilution ?? 1
        switch (design.test, effect) {
        case (.t, .standardized(let d)):
            let df = n1e + n0e - 2
            guard df > 0 else { throw DomainError("the t test needs more than 2 effective units, got \(n1e + n0e)") }
            return try tPower(delta: dilution * abs(d) / (1 / n1e + 1 / n0e).squareRoot(), df: df)
        case (.z, .standardized(let d)):
            return try zPower(shift: dilution * abs(d) / (1 / n1e + 1 / n0e).squareRoot(), nullSE: 1, alternativeSE: 1)
        case (.proportions(let method), .proportions(let p0, let p1)):
            // Under non-compliance the arms' proportions are mixtures of the two potential outcomes.
            let pControl = p0 + (design.compliance?.takeupControl ?? 0) * (p1 - p0)
            let pTreat = p0 + (design.compliance?.takeupTreatment ?? 1) * (p1 - p0)
            return try proportionPower(method, pControl, pTreat, n1e, n0e)
        default:
            throw DomainError("a \(design.test) test cannot take the effect \(effect)")
        }
    }

    /// Two-sided: 1 − T_ν(t_{1−α/2}; δ) + T_ν(−t_{1−α/2}; δ); one-sided: 1 − T_ν(t_{1−α}; δ).
    private func tPower(delta: Double, df: Double) throws -> Double {
        let critical = try StudentT.quantile(1 - design.alpha / Double(design.sides.rawValue), df: df)
        var power = try NoncentralT.survival(critical, df: df, noncentrality: delta)
        if design.sides == .two { power += try NoncentralT.cdf(-critical, df: df, noncentrality: delta) }
        return power
    }

    /// A z test whose statistic has mean `shift` (in null-SE units times nullSE) — power
    /// Φ((shift − z·SE₀)/SE₁) plus, when two-sided, the far tail Φ((−shift − z·SE₀)/SE₁).
    private func zPower(shift: Double, nullSE: Double, alternativeSE: Double) throws -> Double {
        let z = try Normal.quantile(1 - design.alpha / Double(design.sides.rawValue))
        var power = Normal.cdf((shift - z * nullSE) / alternativeSE)
        if design.sides == .two { power += Normal.cdf((-shift - z * nullSE) / alternativeSE) }
        return power
    }

    private func proportionPower(_ method: ProportionMethod, _ p0: Double, _ p1: Double, _ n1: Double, _ n0: Double)
        throws -> Double
    {
        let difference = abs(p1 - p0)
        let unpooled = (p1 * (1 - p1) / n1 + p0 * (1 - p0) / n0).squareRoot()
        switch method {
        case .arcsine:
            let h = abs(Effect.proportions(control: p0, treatment: p1).standardized)
            return try zPower(shift: h / (1 / n1 + 1 / n0).squareRoot(), nullSE: 1, alternativeSE: 1)
        case .pooled:
            let pooled = (n1 * p1 + n0 * p0) / (n1 + n0)
            let nullSE = (pooled * (1 - pooled) * (1 / n1 + 1 / n0)).squareRoot()
            guard unpooled > 0 else { return difference > 0 ? 1 : design.alpha }
            return try zPower(shift: difference, nullSE: nullSE, alternativeSE: unpooled)
        case .unpooled:
            guard unpooled > 0 else { return difference > 0 ? 1 : design.alpha }
            return try zPower(shift: difference / unpooled, nullSE: 1, alternativeSE: 1)
        }
    }

    // MARK: Sample size

    /// The treatment-arm size n₁ (unrounded) at which the power reaches `target`.
    public func sampleSize(effect: Effect, power target: Double) throws -> Double {
        try validate(power: target)
        if effect.standardized == 0 {
            throw NoSolution(
                reason: "an effect of zero cannot be detected: power stays at alpha = \(design.alpha) for every n")
        }
        let gap = { (n: Double) in try self.power(nTreatment: n, effect: effect) - target }
        let lower = minimumTreatmentSize
        let atLower = try gap(lower) + target
        if atLower >= target {
            throw NoSolution(
                reason:
                    "the effect is so large that the smallest design (n = \(roundedSize(lower)) per arm) already has power \(fixed(atLower, 4)) ≥ \(target)"
            )
        }
        var low = lower
        var high = lower * 2
        while try gap(high) < 0 {
            guard high < Self.maximumTreatmentSize else {
                let reached = try gap(high) + target
                throw NoSolution(
                    reason:
                        "even n = \(roundedSize(high)) per arm gives power \(fixed(reached, 4)) < \(target); the effect is too small to detect"
                )
            }
            (low, high) = (high, min(high * 2, Self.maximumTreatmentSize))
        }
        return try RootFinder.solve(in: low, high, gap)
    }

    // MARK: Minimum detectable effect

    /// The smallest effect detected with power `target` at n₁ treated units: Cohen's d for
    /// continuous outcomes, or the treatment proportion above `controlProportion`.
    public func minimumDetectableEffect(nTreatment n1: Double, power target: Double, controlProportion: Double? = nil)
        throws -> Effect
    {
        try validate(power: target)
        try validate(n: n1)
        switch design.test {
        case .t, .z:
            let gap = { (d: Double) in try self.power(nTreatment: n1, effect: .standardized(d)) - target }
            var upper = 1.0
            while try gap(upper) < 0 {
                guard upper < 1e6 else {
                    throw NoSolution(
                        reason: "no effect up to d = 10⁶ reaches power \(target) at n = \(roundedSize(n1))")
                }
                upper *= 4
            }
            return .standardized(try RootFinder.solve(in: 0, upper, gap))
        case .proportions:
            guard let p0 = controlProportion else {
                throw DomainError("a minimum detectable proportion needs the control proportion")
            }
            let gap = { (p1: Double) in
                try self.power(nTreatment: n1, effect: .proportions(control: p0, treatment: p1)) - target
            }
            let best = try gap(1) + target
            guard best >= target else {
                throw NoSolution(
                    reason:
                        "even a treatment proportion of 1 gives power \(fixed(best, 4)) < \(target) at n = \(roundedSize(n1)) per arm"
                )
            }
            return .proportions(control: p0, treatment: try RootFinder.solve(in: p0, 1, gap))
        }
    }

    // MARK: Checks shared by the solvers

    public func validate(power target: Double) throws {
        guard target > design.alpha, target < 1 else {
            throw PowerInputError(
                parameter: .power, expected: "a number in (alpha, 1) = (\(design.alpha), 1)", got: target)
        }
    }

    public func validate(n n1: Double) throws {
        guard n1 >= 2, n1 <= Self.maximumTreatmentSize else {
            throw PowerInputError(parameter: .n, expected: "a number from 2 to 10¹⁰ per arm", got: n1)
        }
        guard design.ratio * n1 >= 2 else {
            throw PowerInputError(
                parameter: .n,
                expected: "large enough that the control arm (ratio × n = \(design.ratio * n1)) has 2 units", got: n1)
        }
        guard n1 >= minimumTreatmentSize else {
            throw PowerInputError(
                parameter: .n,
                expected:
                    "≥ \(roundedSize(minimumTreatmentSize)) so that each arm has 2 accounts and 2 effective units after the variance factor \(fixed(design.varianceFactor, 4))",
                got: n1)
        }
    }
}

func roundedSize(_ n: Double) -> String { n >= 1e6 ? String(format: "%.3g", n) : String(format: "%.2f", n) }
func fixed(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }
