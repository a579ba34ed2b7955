import G3Stats

/// The effect of a binary treatment adjusted for covariates by ordinary least squares:
/// y = α + τ·D + X′β + ε, τ̂ with the HC1 standard error (`sandwich::vcovHC(type = "HC1")`),
/// t(n − k) inference. Under a constant effect and a linear outcome model τ̂ is the ATE; it is the
/// estimator LaLonde (1986) found so far from the experimental benchmark.
public struct RegressionAdjustment: Sendable {
    public let estimate: Double
    public let standardError: Double
    public let degreesOfFreedom: Double
    public let ciLow: Double, ciHigh: Double
    public let pValue: Double
    public let nTreated: Int, nControl: Int

    /// `covariates` are numeric columns as long as `outcome`; a column that adds nothing to the ones
    /// before it (collinear, or constant) is an error naming it.
    public init(
        outcome: [Double], treated: [Bool], covariates: [(name: String, values: [Double])], level: Double = 0.95
    ) throws {
        let n = outcome.count
        let d = treated.map { $0 ? 1.0 : 0.0 }
        let columns = [[Double](repeating: 1, count: n), d] + covariates.map(\.values)
        let fit: LeastSquaresFit
        do { fit = try LeastSquares.fit(columns: columns, y: outcome) } catch let error as RankDeficiencyError {
            let names = ["(Intercept)", "treatment"] + covariates.map(\.name)
            throw ObservationalError(
                "the regression cannot be fitted: '\(names[error.column])' is a linear combination of the terms before it"
            )
        }
        let k = columns.count
        guard n > k else { throw ObservationalError("the regression has \(k) terms but only \(n) rows") }
        let v = try CovarianceEstimator.hc1.covariance(
            columns: columns, residuals: fit.residuals, bread: fit.inverseGram, parameters: k)
        estimate = fit.coefficients[1]
        standardError = v[1][1].squareRoot()
        degreesOfFreedom = Double(n - k)
        let t = try StudentT.quantile(0.5 + level / 2, df: degreesOfFreedom)
        ciLow = estimate - t * standardError
        ciHigh = estimate + t * standardError
        pValue = 2 * (try StudentT.survival(abs(estimate / standardError), df: degreesOfFreedom))
        nTreated = treated.filter { $0 }.count
        nControl = n - nTreated
    }
}
