/// The test whose power is planned.
public enum PowerTest: Equatable, Sendable {
    /// Two-sample t test, power from the exact noncentral t distribution (as R's pwr.t2n.test).
    case t
    /// Two-sample z test: the normal approximation (as pwr.norm.test, statsmodels NormalIndPower).
    case z
    /// Two independent proportions.
    case proportions(ProportionMethod)
}

/// How a two-proportion test is approximated. The three differ noticeably for small p.
public enum ProportionMethod: String, CaseIterable, Sendable {
    /// Cohen's h = 2 asin √p₁ − 2 asin √p₀ on the normal (pwr.2p2n.test, statsmodels NormalIndPower).
    case arcsine
    /// z test with the pooled proportion under H₀ (R's power.prop.test with strict = TRUE, G*Power).
    case pooled
    /// z test with the unpooled (Wald) variance under H₀ and H₁.
    case unpooled
}

/// One- or two-sided test. A one-sided test looks in the direction of the effect.
public enum Sides: Int, Sendable {
    case one = 1
    case two = 2
}

/// Cluster randomization: whole clusters of m units are assigned.
/// Design effect DE = 1 + ((CV² + 1) m̄ − 1) ρ (Eldridge, Ashby & Kerry 2006); CV = 0 gives the
/// equal-size formula 1 + (m − 1) ρ.
public struct ClusterDesign: Equatable, Sendable {
    public var icc: Double
    public var meanSize: Double
    public var sizeCV: Double
    public init(icc: Double, meanSize: Double, sizeCV: Double = 0) {
        self.icc = icc
        self.meanSize = meanSize
        self.sizeCV = sizeCV
    }
    public var designEffect: Double { 1 + ((sizeCV * sizeCV + 1) * meanSize - 1) * icc }
}

/// Which estimator uses the repeated measurements (McKenzie 2012).
public enum RepeatedEstimator: String, CaseIterable, Sendable { case post, did, ancova }

/// m baseline and r follow-up rounds with autocorrelation ρ (McKenzie 2012, J. Dev. Econ. 99).
/// The variance relative to one post-treatment measurement is
///   F_POST = (1 + (r − 1)ρ)/r,
///   F_DiD = (1 + (m − 1)ρ)/m + (1 + (r − 1)ρ)/r − 2ρ,
///   F_ANCOVA = (1 + (r − 1)ρ)/r − mρ²/(1 + (m − 1)ρ).
public struct RepeatedMeasures: Equatable, Sendable {
    public var baselineRounds: Int
    public var followUpRounds: Int
    public var autocorrelation: Double
    public var estimator: RepeatedEstimator
    public init(baselineRounds: Int, followUpRounds: Int, autocorrelation: Double, estimator: RepeatedEstimator) {
        self.baselineRounds = baselineRounds
        self.followUpRounds = followUpRounds
        self.autocorrelation = autocorrelation
        self.estimator = estimator
    }
    public var varianceFactor: Double {
        let m = Double(baselineRounds)
        let r = Double(followUpRounds)
        let rho = autocorrelation
        let post = (1 + (r - 1) * rho) / r
        switch estimator {
        case .post: return post
        case .did: return (1 + (m - 1) * rho) / m + post - 2 * rho
        case .ancova: return post - m * rho * rho / (1 + (m - 1) * rho)
        }
    }
}

/// One-sided non-compliance: take-up c among those offered, s among those not offered.
/// The intention-to-treat effect is (c − s) × the effect on those who take up (LATE), so
/// MDE_LATE = MDE_ITT/(c − s) and N_LATE ≈ N_ITT/(c − s)².
public struct Compliance: Equatable, Sendable {
    public var takeupTreatment: Double
    public var takeupControl: Double
    public init(takeupTreatment: Double, takeupControl: Double = 0) {
        self.takeupTreatment = takeupTreatment
        self.takeupControl = takeupControl
    }
    /// c − s: the share of the effect that reaches the comparison of arms.
    public var dilution: Double { takeupTreatment - takeupControl }
}

/// Everything about a two-arm design except n, power and effect.
public struct PowerDesign: Equatable, Sendable {
    public var test: PowerTest
    public var alpha: Double
    public var sides: Sides
    /// Allocation ratio r = n_control / n_treatment.
    public var ratio: Double
    public var cluster: ClusterDesign?
    /// R² of baseline covariates in the outcome regression: variance × (1 − R²).
    public var covariateR2: Double
    public var repeated: RepeatedMeasures?
    public var compliance: Compliance?

    public init(
        test: PowerTest = .t, alpha: Double = 0.05, sides: Sides = .two, ratio: Double = 1,
        cluster: ClusterDesign? = nil, covariateR2: Double = 0, repeated: RepeatedMeasures? = nil,
        compliance: Compliance? = nil
    ) throws {
        self.test = test
        self.alpha = alpha
        self.sides = sides
        self.ratio = ratio
        self.cluster = cluster
        self.covariateR2 = covariateR2
        self.repeated = repeated
        self.compliance = compliance
        try validate()
    }

    /// The cluster design effect (1 without clustering).
    public var designEffect: Double { cluster?.designEffect ?? 1 }

    /// The factor by which the design multiplies the variance of the estimated difference:
    /// DE × (1 − R²) × F_estimator. n accounts then carry the information of n / factor.
    public var varianceFactor: Double { designEffect * (1 - covariateR2) * (repeated?.varianceFactor ?? 1) }

    private func validate() throws {
        func check(_ ok: Bool, _ parameter: PowerInputError.Parameter, _ expected: String, _ value: Double) throws {
            if !ok { throw PowerInputError(parameter: parameter, expected: expected, got: value) }
        }
        try check(alpha > 0 && alpha < 1, .alpha, "a number in (0, 1)", alpha)
        try check(
            ratio >= 1e-6 && ratio <= 1e6, .ratio, "a number in [1e-6, 1e6] (control units per treated unit)", ratio)
        if let cluster {
            try check(cluster.icc >= 0 && cluster.icc < 1, .icc, "a number in [0, 1)", cluster.icc)
            try check(
                cluster.meanSize >= 1 && cluster.meanSize.isFinite, .clusterSize, "a number ≥ 1", cluster.meanSize)
            try check(cluster.sizeCV >= 0 && cluster.sizeCV.isFinite, .clusterCV, "a number ≥ 0", cluster.sizeCV)
        }
        try check(covariateR2 >= 0 && covariateR2 < 1, .r2, "a number in [0, 1)", covariateR2)
        if let repeated {
            let needsBaseline = repeated.estimator != .post
            try check(
                repeated.baselineRounds >= (needsBaseline ? 1 : 0), .pre,
                needsBaseline
                    ? "a whole number ≥ 1 for the \(repeated.estimator.rawValue) estimator" : "a whole number ≥ 0",
                Double(repeated.baselineRounds))
            try check(repeated.followUpRounds >= 1, .post, "a whole number ≥ 1", Double(repeated.followUpRounds))
            try check(
                repeated.autocorrelation >= 0 && repeated.autocorrelation < 1, .autocorrelation,
                "a number in [0, 1)", repeated.autocorrelation)
        }
        if let compliance {
            try check(
                compliance.takeupTreatment > 0 && compliance.takeupTreatment <= 1, .takeupTreatment,
                "a number in (0, 1]", compliance.takeupTreatment)
            try check(
                compliance.takeupControl >= 0 && compliance.takeupControl < compliance.takeupTreatment,
                .takeupControl, "a number in [0, take-up among the treated)", compliance.takeupControl)
        }
    }
}

/// A design input outside its valid range; `parameter` lets the CLI name its flag.
public struct PowerInputError: Error, Equatable, CustomStringConvertible {
    public enum Parameter: String, Sendable {
        case alpha, power, n, ratio, effect, pControl, pTreatment, icc, clusterSize, clusterCV, r2
        case pre, post, autocorrelation, takeupTreatment, takeupControl, share
    }
    public let parameter: Parameter
    public let expected: String
    public let got: Double
    public var description: String { "\(parameter.rawValue) must be \(expected), got \(formatted(got))" }
}

/// The question has no answer; `reason` says why in one sentence.
public struct NoSolution: Error, Equatable, CustomStringConvertible {
    public let reason: String
    public var description: String { "no solution: \(reason)" }
}

func formatted(_ x: Double) -> String {
    x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : "\(x)"
}
