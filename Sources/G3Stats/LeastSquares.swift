import CGSL

/// An ordinary least-squares fit by Householder QR (`gsl_linalg_QR_decomp`, `gsl_linalg_QR_lssolve`):
/// no normal equations are formed, so a nearly collinear design loses half as many digits.
public struct LeastSquaresFit: Sendable {
    public let coefficients: [Double]
    public let residuals: [Double]
    /// (X'X)⁻¹ = R⁻¹R⁻ᵀ from the triangular factor.
    public let inverseGram: [[Double]]
    public var residualSumOfSquares: Double { residuals.map { $0 * $0 }.reduce(0, +) }
}

/// A design column that is (numerically) a combination of the columns before it.
public struct RankDeficiencyError: Error, Equatable, Sendable {
    /// Index of the offending column in the design.
    public let column: Int
}

public enum LeastSquares {
    /// Least squares of y on the columns of X (n × k, k ≤ n; pass a column of ones for an intercept).
    /// Throws `RankDeficiencyError` naming the first column whose part orthogonal to the columns before
    /// it is below 1e-10 of its norm (it adds nothing to them).
    public static func fit(columns x: [[Double]], y: [Double]) throws -> LeastSquaresFit {
        let k = x.count
        let n = y.count
        precondition(k >= 1 && x.allSatisfy { $0.count == n }, "LeastSquares.fit: shapes differ")
        guard n > k else { throw RankDeficiencyError(column: n) }
        GSL.prepare()
        guard let qr = gsl_matrix_alloc(n, k), let tau = gsl_vector_alloc(k), let b = gsl_vector_alloc(n),
            let beta = gsl_vector_alloc(k), let residual = gsl_vector_alloc(n)
        else {
            throw GSL.error(Int32(GSL_ENOMEM), "gsl_matrix_alloc")
        }
        defer {
            gsl_matrix_free(qr)
            gsl_vector_free(tau)
            gsl_vector_free(b)
            gsl_vector_free(beta)
            gsl_vector_free(residual)
        }
        for j in 0..<k { for i in 0..<n { gsl_matrix_set(qr, i, j, x[j][i]) } }
        for i in 0..<n { gsl_vector_set(b, i, y[i]) }
        try GSL.check(gsl_linalg_QR_decomp(qr, tau), "gsl_linalg_QR_decomp")
        // |R_jj| is the part of column j orthogonal to the columns before it: compared with the
        // column's own norm, so that units do not decide collinearity.
        for j in 0..<k {
            let norm = x[j].map { $0 * $0 }.reduce(0, +).squareRoot()
            if norm == 0 || abs(gsl_matrix_get(qr, j, j)) <= 1e-10 * norm { throw RankDeficiencyError(column: j) }
        }
        try GSL.check(gsl_linalg_QR_lssolve(qr, tau, b, beta, residual), "gsl_linalg_QR_lssolve")
        // R⁻¹ by back substitution (k is small), then (X'X)⁻¹ = R⁻¹R⁻ᵀ.
        var rInverse = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
        for j in 0..<k {
            rInverse[j][j] = 1 / gsl_matrix_get(qr, j, j)
            for i in stride(from: j - 1, through: 0, by: -1) {
                var s = 0.0
                for m in (i + 1)...j { s += gsl_matrix_get(qr, i, m) * rInverse[m][j] }
                rInverse[i][j] = -s / gsl_matrix_get(qr, i, i)
            }
        }
        let inverseGram = (0..<k).map { i in
            (0..<k).map { j in (max(i, j)..<k).map { rInverse[i][$0] * rInverse[j][$0] }.reduce(0, +) }
        }
        return LeastSquaresFit(
            coefficients: (0..<k).map { gsl_vector_get(beta, $0) },
            residuals: (0..<n).map { gsl_vector_get(residual, $0) },
            inverseGram: inverseGram)
    }
}

extension LeastSquares {
    /// Least squares that drops aliased columns, as R's `lm.fit` does: each column that is a
    /// combination of the columns kept before it is left out, and the fit is on the rest. `kept`
    /// lists the indices of the columns used, so `kept.count` is the rank. Throws
    /// `RankDeficiencyError(column: n)` only when there are fewer observations than kept columns.
    public static func fitDroppingAliased(columns x: [[Double]], y: [Double]) throws -> (
        fit: LeastSquaresFit, kept: [Int]
    ) {
        var kept = Array(x.indices)
        while true {
            do {
                return (try fit(columns: kept.map { x[$0] }, y: y), kept)
            } catch let error as RankDeficiencyError where error.column < kept.count && kept.count > 1 {
                kept.remove(at: error.column)
            }
        }
    }
}

/// Covariance estimators for a linear fit with design X (the columns the coefficients multiply; for
/// 2SLS the fitted first-stage columns), residuals u and bread (X'X)⁻¹.
public enum CovarianceEstimator: Sendable, Equatable {
    /// σ²(X'X)⁻¹ with σ² = u'u/(n − k).
    case classical
    /// White: (X'X)⁻¹ Σ x_i x_i' u_i² (X'X)⁻¹.
    case hc0
    /// HC0 · n/(n − k) (Stata's `robust`, `sandwich::vcovHC(type = "HC1")`).
    case hc1
    /// MacKinnon & White (1985): each u_i² over 1 − h_ii, h_ii = x_i'(X'X)⁻¹x_i the leverage
    /// (`sandwich::vcovHC(type = "HC2")`, estimatr's default; unbiased under homoskedasticity).
    case hc2
    /// CR1 by cluster: G/(G − 1) · (n − 1)/(n − k) · (X'X)⁻¹ Σ_g (X_g'u_g)(X_g'u_g)' (X'X)⁻¹ (Stata;
    /// `estimatr` `se_type = "stata"`; `sandwich::vcovCL(type = "HC1")`). `k` may count absorbed effects.
    case cluster([Int])

    public func covariance(columns x: [[Double]], residuals u: [Double], bread: [[Double]], parameters k: Int) throws
        -> [[Double]]
    {
        let n = u.count
        let p = x.count
        switch self {
        case .classical:
            let sigma2 = u.map { $0 * $0 }.reduce(0, +) / Double(n - k)
            return bread.map { $0.map { $0 * sigma2 } }
        case .hc0, .hc1:
            var meat = [[Double]](repeating: [Double](repeating: 0, count: p), count: p)
            for r in 0..<n {
                let u2 = u[r] * u[r]
                for i in 0..<p { for j in i..<p { meat[i][j] += x[i][r] * x[j][r] * u2 } }
            }
            for i in 0..<p { for j in 0..<i { meat[i][j] = meat[j][i] } }
            let factor = self == .hc1 ? Double(n) / Double(n - k) : 1
            return Self.sandwich(bread, meat).map { $0.map { $0 * factor } }
        case .hc2:
            var meat = [[Double]](repeating: [Double](repeating: 0, count: p), count: p)
            for r in 0..<n {
                var leverage = 0.0
                for i in 0..<p { for j in 0..<p { leverage += x[i][r] * bread[i][j] * x[j][r] } }
                guard leverage < 1 - 1e-12 else {
                    throw DomainError("HC2 standard errors are undefined: unit \(r + 1) has leverage 1")
                }
                let u2 = u[r] * u[r] / (1 - leverage)
                for i in 0..<p { for j in i..<p { meat[i][j] += x[i][r] * x[j][r] * u2 } }
            }
            for i in 0..<p { for j in 0..<i { meat[i][j] = meat[j][i] } }
            return Self.sandwich(bread, meat)
        case .cluster(let ids):
            var index: [Int: Int] = [:]
            for c in ids where index[c] == nil { index[c] = index.count }
            let g = index.count
            guard g >= 2 else {
                throw DomainError("cluster-robust standard errors need at least two clusters, got \(g)")
            }
            var scores = [[Double]](repeating: [Double](repeating: 0, count: p), count: g)
            for r in 0..<n {
                let c = index[ids[r]]!
                for i in 0..<p { scores[c][i] += x[i][r] * u[r] }
            }
            var meat = [[Double]](repeating: [Double](repeating: 0, count: p), count: p)
            for s in scores { for i in 0..<p { for j in 0..<p { meat[i][j] += s[i] * s[j] } } }
            let factor = Double(g) / Double(g - 1) * Double(n - 1) / Double(n - k)
            return Self.sandwich(bread, meat).map { $0.map { $0 * factor } }
        }
    }

    /// The number of clusters, for t(G − 1) inference; nil for the other estimators.
    public var clusters: Int? {
        if case .cluster(let ids) = self { return Set(ids).count }
        return nil
    }

    static func sandwich(_ bread: [[Double]], _ meat: [[Double]]) -> [[Double]] {
        let p = bread.count
        let half = (0..<p).map { i in (0..<p).map { j in (0..<p).map { bread[i][$0] * meat[$0][j] }.reduce(0, +) } }
        return (0..<p).map { i in (0..<p).map { j in (0..<p).map { half[i][$0] * bread[$0][j] }.reduce(0, +) } }
    }
}
