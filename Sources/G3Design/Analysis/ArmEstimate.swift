import G3Stats

/// One estimate from randomized arms, with its inference.
public struct ArmEstimate: Equatable, Sendable {
    /// `difference-in-means`, `difference-in-means-pooled`, `blocked`, `itt-takeup` (first stage) or `late`.
    public let method: EstimateMethod
    public let estimate: Double
    public let standardError: Double
    /// Degrees of freedom of the t reference distribution.
    public let degreesOfFreedom: Double
    public let nTreatment: Int
    public let nControl: Int
    public let confidenceLevel: Double

    public var statistic: Double { estimate / standardError }
    /// Two-sided p-value from t(df).
    public var pValue: Double { 2 * ((try? StudentT.survival(abs(statistic), df: degreesOfFreedom)) ?? .nan) }
    public var confidenceInterval: (low: Double, high: Double) {
        let t = (try? StudentT.quantile(0.5 + confidenceLevel / 2, df: degreesOfFreedom)) ?? .nan
        return (estimate - t * standardError, estimate + t * standardError)
    }
}

extension ArmEstimate {
    /// The estimate, or an error when a value is not finite: outcomes so large (|y| near 1e154 and
    /// beyond) that their variance overflows give no usable inference, and no NaN or infinity may
    /// reach an output.
    func checkedFinite() throws -> ArmEstimate {
        guard estimate.isFinite, standardError.isFinite, degreesOfFreedom.isFinite, pValue.isFinite,
            confidenceInterval.low.isFinite, confidenceInterval.high.isFinite
        else {
            throw EstimationError(
                "\(method.rawValue): the outcome's values are too large for a finite variance; rescale them (e.g. to thousands)"
            )
        }
        return self
    }
}

/// Why an estimate could not be formed, as one sentence.
public struct EstimationError: Error, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Estimators for two randomized arms (estimatr's conventions; Gerber & Green 2012, ch. 3–5).
public enum ArmComparison {
    /// Difference in means ȳ₁ − ȳ₀ with the Neyman SE √(s₁²/n₁ + s₀²/n₀) (equal to HC2 in
    /// `lm_robust`) and Welch–Satterthwaite degrees of freedom, as `estimatr::difference_in_means`.
    public static func differenceInMeans(
        outcome: [Double], treated: [Bool], confidenceLevel: Double = 0.95,
        method: EstimateMethod = .differenceInMeans
    ) throws -> ArmEstimate {
        let (t, c) = try split(outcome, treated)
        let vt = t.variance / Double(t.count)
        let vc = c.variance / Double(c.count)
        guard vt + vc > 0 else {
            throw EstimationError(
                "\(method.rawValue): the outcome does not vary within either arm, so the difference has no standard error"
            )
        }
        let df = (vt + vc) * (vt + vc) / (vt * vt / Double(t.count - 1) + vc * vc / Double(c.count - 1))
        return try ArmEstimate(
            method: method, estimate: t.mean - c.mean, standardError: (vt + vc).squareRoot(),
            degreesOfFreedom: df, nTreatment: t.count, nControl: c.count, confidenceLevel: confidenceLevel
        ).checkedFinite()
    }

    /// Difference in means with the classical pooled-variance SE s_p·√(1/n₁ + 1/n₀),
    /// s_p² = ((n₁ − 1)s₁² + (n₀ − 1)s₀²)/(n₁ + n₀ − 2), and n₁ + n₀ − 2 degrees of freedom: the OLS SE
    /// of `lm(y ~ treat)` and the convention of LaLonde (1986) and Dehejia & Wahba (1999).
    public static func pooledDifferenceInMeans(outcome: [Double], treated: [Bool], confidenceLevel: Double = 0.95)
        throws -> ArmEstimate
    {
        let (t, c) = try split(outcome, treated)
        let df = Double(t.count + c.count - 2)
        let pooled = (Double(t.count - 1) * t.variance + Double(c.count - 1) * c.variance) / df
        guard pooled > 0 else {
            throw EstimationError(
                "difference-in-means-pooled: the outcome does not vary within either arm, so the difference has no standard error"
            )
        }
        return try ArmEstimate(
            method: .differenceInMeansPooled, estimate: t.mean - c.mean,
            standardError: (pooled * (1 / Double(t.count) + 1 / Double(c.count))).squareRoot(),
            degreesOfFreedom: df, nTreatment: t.count, nControl: c.count, confidenceLevel: confidenceLevel
        ).checkedFinite()
    }

    /// The blocked estimator Σ_b (N_b/N)(ȳ₁b − ȳ₀b) with SE √(Σ_b (N_b/N)² (s₁b²/n₁b + s₀b²/n₀b)) and
    /// N − 2B degrees of freedom, as `estimatr::difference_in_means(blocks = )`. Every block needs
    /// two units in each arm.
    public static func blocked(outcome: [Double], treated: [Bool], blocks: [String], confidenceLevel: Double = 0.95)
        throws -> ArmEstimate
    {
        var members: [String: [Int]] = [:]
        for (i, block) in blocks.enumerated() { members[block, default: []].append(i) }
        let n = Double(outcome.count)
        var estimate = 0.0
        var variance = 0.0
        for block in members.keys.sorted() {
            let rows = members[block]!
            let (t, c) = try split(rows.map { outcome[$0] }, rows.map { treated[$0] }, block: block)
            let weight = Double(rows.count) / n
            estimate += weight * (t.mean - c.mean)
            variance += weight * weight * (t.variance / Double(t.count) + c.variance / Double(c.count))
        }
        guard variance > 0 else {
            throw EstimationError(
                "blocked: the outcome does not vary within any stratum's arms, so the estimate has no standard error")
        }
        let nT = treated.filter { $0 }.count
        return try ArmEstimate(
            method: .blocked, estimate: estimate, standardError: variance.squareRoot(),
            degreesOfFreedom: n - 2 * Double(members.count), nTreatment: nT,
            nControl: outcome.count - nT, confidenceLevel: confidenceLevel
        ).checkedFinite()
    }

    static func split(_ outcome: [Double], _ treated: [Bool], block: String? = nil) throws -> (Moments, Moments) {
        var t = Moments()
        var c = Moments()
        for (y, z) in zip(outcome, treated) { if z { t.add(y) } else { c.add(y) } }
        guard t.count >= 2, c.count >= 2 else {
            let place = block.map { "stratum '\($0)'" } ?? "the experiment"
            throw EstimationError(
                "\(place) has \(t.count) treated and \(c.count) control units with outcomes; each arm needs at least 2")
        }
        return (t, c)
    }
}
