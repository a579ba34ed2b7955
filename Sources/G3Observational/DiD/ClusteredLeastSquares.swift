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
        return WaldTest(statistic: w, restrictions: indices.count, fStatistic: w / q,
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
    public static func fit(y: [Double], columns x: [[Double]], names: [String], cluster: [Int], absorbed: Int) throws -> ClusteredFit {
        let n = y.count, p = x.count
        precondition(x.allSatisfy { $0.count == n } && cluster.count == n && names.count == p, "ClusteredLeastSquares: shapes differ")
        var xtx = [[Double]](repeating: [Double](repeating: 0, count: p), count: p), xty = [Double](repeating: 0, count: p)
        for i in 0..<p {
            for j in i..<p { var s = 0.0; for r in 0..<n { s += x[i][r] * x[j][r] }; xtx[i][j] = s; xtx[j][i] = s }
            var s = 0.0; for r in 0..<n { s += x[i][r] * y[r] }; xty[i] = s
        }
        let inverse: [[Double]]
        do { inverse = try invertSymmetricPositiveDefinite(xtx) } catch {
            throw ObservationalError("the regressors are collinear (with each other or with the fixed effects): \(names.joined(separator: ", "))")
        }
        let beta = (0..<p).map { i in (0..<p).map { inverse[i][$0] * xty[$0] }.reduce(0, +) }
        var ids: [Int: Int] = [:]
        for c in cluster where ids[c] == nil { ids[c] = ids.count }
        let g = ids.count
        guard g >= 2 else { throw ObservationalError("cluster-robust standard errors need at least two clusters, got \(g)") }
        var scores = [[Double]](repeating: [Double](repeating: 0, count: p), count: g)
        for r in 0..<n {
            var u = y[r]
            for i in 0..<p { u -= x[i][r] * beta[i] }
            let c = ids[cluster[r]]!
            for i in 0..<p { scores[c][i] += x[i][r] * u }
        }
        var meat = [[Double]](repeating: [Double](repeating: 0, count: p), count: p)
        for s in scores { for i in 0..<p { for j in 0..<p { meat[i][j] += s[i] * s[j] } } }
        let k = p + absorbed
        guard n > k else { throw ObservationalError("\(n) observations cannot identify \(k) parameters") }
        let factor = Double(g) / Double(g - 1) * Double(n - 1) / Double(n - k)
        let half = multiply(inverse, meat)
        let covariance = multiply(half, inverse).map { $0.map { $0 * factor } }
        return ClusteredFit(names: names, coefficients: beta, covariance: covariance, observations: n, clusters: g, parameters: k)
    }

    static func multiply(_ a: [[Double]], _ b: [[Double]]) -> [[Double]] {
        let m = b.first?.count ?? 0
        return a.map { row in (0..<m).map { j in row.indices.map { row[$0] * b[$0][j] }.reduce(0, +) } }
    }
}
