import G3Stats

/// Covariate-adjusted estimators of a randomized experiment's effect: they estimate the same
/// difference in means with a smaller variance when the covariates predict the outcome.
extension ArmComparison {
    /// Lin (2013): OLS of y on 1, z, the covariates centred at their full-sample means and their
    /// products with z; the coefficient on z, HC2 SE, t(n − k). As `estimatr::lm_lin`. `blocks`
    /// adds the strata's indicators (levels sorted, the first left out) as covariates, as
    /// `lm_lin(y ~ z, covariates = ~ x + block)`. Aliased columns (a covariate constant within the
    /// arms) are left out, as `lm` does; the arm itself must remain.
    public static func lin(
        outcome y: [Double], treated: [Bool], covariates: [(name: String, values: [Double])],
        blocks: [String]? = nil, confidenceLevel: Double = 0.95
    ) throws -> ArmEstimate {
        _ = try split(y, treated)
        let z = treated.map { $0 ? 1.0 : 0.0 }
        let centred = (covariates.map(\.values) + (blocks.map(indicators) ?? [])).map { x in
            let mean = x.reduce(0, +) / Double(x.count)
            return x.map { $0 - mean }
        }
        let columns = [[Double](repeating: 1, count: y.count), z] + centred + centred.map { x in zip(x, z).map(*) }
        let (fit, kept) = try LeastSquares.fitDroppingAliased(columns: columns, y: y)
        guard kept.prefix(2) == [0, 1], y.count > kept.count else {
            throw EstimationError("lin: the covariates leave no variation in the arm, or too few units for them")
        }
        let design = kept.map { columns[$0] }
        let covariance = try CovarianceEstimator.hc2.covariance(
            columns: design, residuals: fit.residuals, bread: fit.inverseGram, parameters: kept.count)
        let nT = treated.filter { $0 }.count
        return try ArmEstimate(
            method: .lin, estimate: fit.coefficients[1], standardError: covariance[1][1].squareRoot(),
            degreesOfFreedom: Double(y.count - kept.count), nTreatment: nT, nControl: y.count - nT,
            confidenceLevel: confidenceLevel
        ).checkedFinite()
    }

    /// CUPED (Deng, Xu, Kohavi & Walker 2013): Y* = Y − θ(X − X̄), θ = cov(Y, X)/var(X) over both arms,
    /// X the unit's pre-period outcome; the difference in means of Y* with the Neyman SE and Welch df
    /// (θ treated as known, as the paper does). Returns θ too.
    public static func cuped(
        outcome y: [Double], pre x: [Double], treated: [Bool], confidenceLevel: Double = 0.95
    ) throws -> (estimate: ArmEstimate, theta: Double) {
        let mx = x.reduce(0, +) / Double(x.count)
        let my = y.reduce(0, +) / Double(y.count)
        let sxx = x.map { ($0 - mx) * ($0 - mx) }.reduce(0, +)
        guard sxx > 0 else { throw EstimationError("cuped: the pre-period outcome does not vary") }
        let theta = zip(x, y).map { ($0 - mx) * ($1 - my) }.reduce(0, +) / sxx
        let adjusted = zip(y, x).map { $0 - theta * ($1 - mx) }
        let e = try differenceInMeans(
            outcome: adjusted, treated: treated, confidenceLevel: confidenceLevel, method: .cuped)
        return (e, theta)
    }

    /// One indicator column per level but the first (sorted), as R's treatment contrasts.
    static func indicators(_ levels: [String]) -> [[Double]] {
        Set(levels).sorted().dropFirst().map { level in levels.map { $0 == level ? 1 : 0 } }
    }
}
