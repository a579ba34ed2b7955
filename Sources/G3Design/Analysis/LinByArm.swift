import G3Stats

/// Lin's (2013) estimator fitted arm by arm, for simulations that repeat it thousands of times.
///
/// The OLS of y on 1, z, x − x̄ and z(x − x̄) is the same fit as one OLS per arm of y on 1 and x − x̄
/// (x̄ the mean over both arms): the coefficient on z is α̂₁ − α̂₀, the difference of the arms'
/// intercepts. The HC2 sandwich is invariant to that reparametrization, each unit's leverage is its
/// leverage within its arm, and the sandwich is block-diagonal across the arms, so
/// var τ̂ = var α̂₁ + var α̂₀ with var α̂ = Σᵢ (wᵀxᵢ)² uᵢ²/(1 − hᵢᵢ), w the first row of (XᵀX)⁻¹.
/// Degrees of freedom n − k₁ − k₀, as `lm_lin`.
///
/// The normal equations are solved by Cholesky on the centred columns. A column whose pivot is at most
/// 1e-10 of its diagonal (constant within the arm, or a combination of the columns before it) is left
/// out of that arm's fit. On designs without aliasing this equals `ArmComparison.lin` (QR) to about
/// 1e-9, without forming the n × 2k design or its QR factorization.
enum LinByArm {
    /// `covariates`: row-major, `width` values per unit, centred at their mean over the units given.
    /// `arms[i]` is 1 for treated, 0 for control. Each column is scaled to unit root mean square
    /// first (the intercepts do not change), so that the normal equations lose few digits.
    static func estimate(
        outcome y: [Double], arms: [Int], covariates centred: [Double], width: Int, confidenceLevel: Double
    ) throws -> ArmEstimate {
        let x = scaled(centred, width: width)
        let treated = try fit(y, arms, x, width, arm: 1)
        let control = try fit(y, arms, x, width, arm: 0)
        let n = y.count
        guard n > treated.parameters + control.parameters else {
            throw EstimationError("lin: too few units for the covariates")
        }
        return try ArmEstimate(
            method: .lin, estimate: treated.intercept - control.intercept,
            standardError: (treated.variance + control.variance).squareRoot(),
            degreesOfFreedom: Double(n - treated.parameters - control.parameters), nTreatment: treated.units,
            nControl: control.units, confidenceLevel: confidenceLevel
        ).checkedFinite()
    }

    /// Each column divided by its root mean square (left as it is when 0).
    static func scaled(_ x: [Double], width: Int) -> [Double] {
        guard width > 0 else { return x }
        let n = x.count / width
        var squares = [Double](repeating: 0, count: width)
        for i in 0..<n { for j in 0..<width { squares[j] += x[i * width + j] * x[i * width + j] } }
        let scale = squares.map { $0 > 0 ? 1 / ($0 / Double(n)).squareRoot() : 1 }
        var out = x
        for i in 0..<n { for j in 0..<width { out[i * width + j] *= scale[j] } }
        return out
    }

    /// One arm's OLS of y on 1 and the covariates: its intercept, the intercept's HC2 variance, the
    /// number of columns kept and of units.
    static func fit(_ y: [Double], _ arms: [Int], _ x: [Double], _ width: Int, arm: Int) throws -> (
        intercept: Double, variance: Double, parameters: Int, units: Int
    ) {
        let p = width + 1
        let rows = arms.indices.filter { arms[$0] == arm }
        guard rows.count >= 2 else {
            throw EstimationError("lin: an arm has \(rows.count) units with outcomes; each needs at least 2")
        }
        var gram = [Double](repeating: 0, count: p * p)
        var xy = [Double](repeating: 0, count: p)
        var row = [Double](repeating: 1, count: p)
        for i in rows {
            for j in 0..<width { row[j + 1] = x[i * width + j] }
            for a in 0..<p {
                xy[a] += row[a] * y[i]
                for b in 0...a { gram[a * p + b] += row[a] * row[b] }
            }
        }
        let factor = Cholesky(gram, size: p)
        guard factor.kept.first == 0, rows.count > factor.kept.count else {
            throw EstimationError("lin: the covariates leave too few units in an arm")
        }
        let beta = factor.solve(xy)
        let w = factor.solve((0..<p).map { $0 == 0 ? 1 : 0 })
        var variance = 0.0
        var scratch = [Double](repeating: 0, count: factor.kept.count)
        for i in rows {
            for j in 0..<width { row[j + 1] = x[i * width + j] }
            var fitted = 0.0
            var wx = 0.0
            for a in 0..<p {
                fitted += beta[a] * row[a]
                wx += w[a] * row[a]
            }
            let u = y[i] - fitted
            let h = factor.leverage(row, scratch: &scratch)
            guard h < 1 - 1e-12 else { throw EstimationError("lin: a unit has leverage 1, so HC2 is undefined") }
            variance += wx * wx * u * u / (1 - h)
        }
        return (beta[0], variance, factor.kept.count, rows.count)
    }
}
