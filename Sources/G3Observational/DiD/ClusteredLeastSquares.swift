import G3Stats

/// A least-squares fit with a cluster-robust covariance.
public struct ClusteredFit: Sendable {
    public let names: [String]
    public let coefficients: [Double]
    /// CR1: G/(G − 1) · (N − 1)/(N − K) · (X'X)⁻¹ (Σ_g X_g'u_g u_g'X_g) (X'X)⁻¹ (Stata;
    /// `sandwich::vcovCL(type = "HC1")`), K counting the absorbed fixed effects as `parameters` says.
    public let covariance: [[Double]]
    public let observations: Int
    public let clusters: Int
    /// K in the small-sample factor: the regressors plus the absorbed effects counted.
    public let parameters: Int
    /// Inference uses t(G − 1).
    public var degreesOfFreedom: Double { Double(clusters - 1) }

    public func standardError(_ i: Int) -> Double { covariance[i][i].squareRoot() }

    public func pValue(_ i: Int) throws -> Double {
        2 * (try StudentT.survival(abs(coefficients[i] / standardError(i)), df: degreesOfFreedom))
    }

    public func interval(_ i: Int, level: Double) throws -> (low: Double, high: Double) {
        let c = try StudentT.quantile(0.5 + level / 2, df: degreesOfFreedom)
        return (coefficients[i] - c * standardError(i), coefficients[i] + c * standardError(i))
    }

    /// The joint Wald test that the coefficients at `indices` are all 0: W = b'V⁻¹b, reported as
    /// F = W/q against F(q, G − 1) (Stata's `test` after clustered regression) and W against χ²_q.
    public func waldTest(_ indices: [Int]) throws -> WaldTest {
        let b = indices.map { coefficients[$0] }
        let v = indices.map { i in indices.map { covariance[i][$0] } }
        let w = zip(b, try solveSymmetricPositiveDefinite(v, b)).map(*).reduce(0, +)
        let q = Double(indices.count)
        return WaldTest(
            statistic: w, restrictions: indices.count, fStatistic: w / q,
            fPValue: try FDistribution.survival(w / q, df1: q, df2: degreesOfFreedom),
            chiSquarePValue: try ChiSquared.survival(w, df: q))
    }
}

public struct WaldTest: Sendable {
    public let statistic: Double
    public let restrictions: Int
    public let fStatistic: Double
    public let fPValue: Double
    public let chiSquarePValue: Double
}

public enum ClusteredLeastSquares {
    /// OLS of y on the columns of X (no intercept is added: pass demeaned data or a column of ones),
    /// with the CR1 covariance by `cluster`. `absorbed` is the number of effects partialled out of
    /// y and X beforehand, added to K.
    public static func fit(y: [Double], columns x: [[Double]], names: [String], cluster: [Int], absorbed: Int) throws
        -> ClusteredFit
    {
        let n = y.count
        let p = x.count
        precondition(
            x.allSatisfy { $0.count == n } && cluster.count == n && names.count == p,
            "ClusteredLeastSquares: shapes differ")
        let fit: LeastSquaresFit
        do { fit = try LeastSquares.fit(columns: x, y: y) } catch let error as RankDeficiencyError {
            throw ObservationalError(
                "'\(error.column < p ? names[error.column] : "the design")' is collinear with the other regressors or the fixed effects"
            )
        }
        let g = Set(cluster).count
        guard g >= 2 else {
            throw ObservationalError("cluster-robust standard errors need at least two clusters, got \(g)")
        }
        let k = p + absorbed
        guard n > k else { throw ObservationalError("\(n) observations cannot identify \(k) parameters") }
        let covariance = try CovarianceEstimator.cluster(cluster).covariance(
            columns: x, residuals: fit.residuals, bread: fit.inverseGram, parameters: k)
        return ClusteredFit(
            names: names, coefficients: fit.coefficients, covariance: covariance, observations: n, clusters: g,
            parameters: k)
    }
}
