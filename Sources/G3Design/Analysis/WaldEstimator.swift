import G3Stats

/// The effect on those who take up (LATE) from an encouragement, with the assignment as the
/// instrument: 2SLS of y on (1, d) with instruments (1, z), which is the Wald ratio
/// ITT_y / ITT_d (Imbens & Angrist 1994). HC1 sandwich covariance
///   V = n/(n − 2) · (Z'X)⁻¹ (Σ u_i² z_i z_i') (X'Z)⁻¹,  u = y − Xβ̂,
/// as `estimatr::iv_robust(y ~ d | z, se_type = "HC1")` and `sandwich::vcovHC(AER::ivreg, "HC1")`;
/// t(n − 2) inference. The first-stage F is reported classical and HC1-robust.
public struct WaldEstimate: Equatable, Sendable {
    public let late: ArmEstimate
    public let firstStageF: Double
    public let firstStageRobustF: Double
}

extension ArmComparison {
    public static func wald(outcome y: [Double], takeup d: [Double], treated: [Bool], confidenceLevel: Double = 0.95)
        throws -> WaldEstimate
    {
        let n = y.count
        let z = treated.map { $0 ? 1.0 : 0.0 }
        // (Z'X) for Z = [1 z], X = [1 d].
        let sz = z.reduce(0, +)
        let sd = d.reduce(0, +)
        let szd = zip(z, d).map(*).reduce(0, +)
        let zx = [[Double(n), sd], [sz, szd]]
        let det = zx[0][0] * zx[1][1] - zx[0][1] * zx[1][0]
        guard abs(det) > 1e-12 * Double(n * n) else {
            throw EstimationError(
                "take-up does not differ between the arms: the first stage is zero and the LATE is not identified")
        }
        let inv = [[zx[1][1] / det, -zx[0][1] / det], [-zx[1][0] / det, zx[0][0] / det]]  // (Z'X)⁻¹
        let sy = y.reduce(0, +)
        let szy = zip(z, y).map(*).reduce(0, +)
        let beta = [inv[0][0] * sy + inv[0][1] * szy, inv[1][0] * sy + inv[1][1] * szy]
        var meat = [[0.0, 0.0], [0.0, 0.0]]
        for i in 0..<n {
            let u = y[i] - beta[0] - beta[1] * d[i]
            let u2 = u * u
            meat[0][0] += u2
            meat[0][1] += u2 * z[i]
            meat[1][1] += u2 * z[i] * z[i]
        }
        meat[1][0] = meat[0][1]
        // V = inv · meat · invᵀ, element (1, 1).
        let row = [inv[1][0], inv[1][1]]
        let v11 = (0..<2).map { a in (0..<2).map { b in row[a] * meat[a][b] * row[b] }.reduce(0, +) }.reduce(0, +)
        let late = try ArmEstimate(
            method: .late, estimate: beta[1], standardError: (v11 * Double(n) / Double(n - 2)).squareRoot(),
            degreesOfFreedom: Double(n - 2), nTreatment: treated.filter { $0 }.count,
            nControl: treated.filter { !$0 }.count, confidenceLevel: confidenceLevel
        ).checkedFinite()
        let (classical, robust) = firstStageF(d: d, z: z)
        guard classical.isFinite, robust.isFinite else {
            throw EstimationError(
                "take-up equals the offer for every unit (full compliance): the LATE is the ITT above, and there is no first stage to test"
            )
        }
        return WaldEstimate(late: late, firstStageF: classical, firstStageRobustF: robust)
    }

    /// F for the instrument in d = a + b z + e: classical (t²) and HC1-robust (b̂²/V̂_HC1(b̂)).
    static func firstStageF(d: [Double], z: [Double]) -> (classical: Double, robust: Double) {
        let n = Double(d.count)
        let zbar = z.reduce(0, +) / n
        let dbar = d.reduce(0, +) / n
        let szz = z.map { ($0 - zbar) * ($0 - zbar) }.reduce(0, +)
        let b = zip(z, d).map { ($0 - zbar) * ($1 - dbar) }.reduce(0, +) / szz
        let residuals = zip(z, d).map { $1 - dbar - b * ($0 - zbar) }
        let sigma2 = residuals.map { $0 * $0 }.reduce(0, +) / (n - 2)
        let classical = b * b / (sigma2 / szz)
        var meat = 0.0
        for (zi, e) in zip(z, residuals) {
            let score = (zi - zbar) * e
            meat += score * score
        }
        let hc0 = meat / (szz * szz)
        return (classical, b * b / (hc0 * n / (n - 2)))
    }
}
