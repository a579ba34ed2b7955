import G3Stats

/// Morgan & Rubin (2012): M = n p(1 − p) (x̄_T − x̄_C)ᵀ S⁻¹ (x̄_T − x̄_C), with S the sample covariance
/// of the covariates over all units and p the treated share. Under complete randomization M is
/// approximately χ²_k.
public struct MahalanobisBalance: Sendable {
    /// The units' covariates, row-major (unit i's k values at i·k).
    let values: [Double]
    let covariance: [[Double]]
    /// k, the number of covariates.
    var width: Int { covariance.count }

    /// `rows[i]` holds unit i's k covariates. Throws when S is singular (collinear or constant covariates).
    public init(_ rows: [[Double]]) throws {
        try self.init(values: rows.flatMap { $0 }, width: rows.first?.count ?? 0)
    }

    /// `values`: the units' k covariates, row-major (unit i's at i·k).
    public init(values: [Double], width k: Int) throws {
        let n = k > 0 ? values.count / k : 0
        guard n > k else { throw RandomizationError("re-randomization needs more units (\(n)) than covariates (\(k))") }
        var means = [Double](repeating: 0, count: k)
        for i in 0..<n { for j in 0..<k { means[j] += values[i * k + j] } }
        means = means.map { $0 / Double(n) }
        var covariance = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
        for i in 0..<n {
            for a in 0..<k {
                for b in 0...a { covariance[a][b] += (values[i * k + a] - means[a]) * (values[i * k + b] - means[b]) }
            }
        }
        for a in 0..<k {
            for b in 0...a {
                covariance[a][b] /= Double(n - 1)
                covariance[b][a] = covariance[a][b]
            }
        }
        do { _ = try solveSymmetricPositiveDefinite(covariance, [Double](repeating: 1, count: k)) } catch {
            throw RandomizationError(
                "the re-randomization covariates are constant or collinear: their covariance matrix is singular")
        }
        self.values = values
        self.covariance = covariance
    }

    /// M for the split `treated` (true = treatment arm).
    public func distance(treated: [Bool]) throws -> Double {
        try distance(arms: treated.map { $0 ? 1 : 0 }, treatedArm: 1)
    }

    /// M for the split of `arms` into `treatedArm` and the rest (a draw's arms, without a copy).
    public func distance(arms: [Int], treatedArm: Int) throws -> Double {
        let k = covariance.count
        var sumT = [Double](repeating: 0, count: k)
        var sumC = sumT
        var nT = 0
        values.withUnsafeBufferPointer { x in
            for (i, arm) in arms.enumerated() {
                if arm == treatedArm {
                    nT += 1
                    for j in 0..<k { sumT[j] += x[i * k + j] }
                } else {
                    for j in 0..<k { sumC[j] += x[i * k + j] }
                }
            }
        }
        let n = arms.count
        let nC = n - nT
        guard nT > 0, nC > 0 else { return .infinity }
        let d = (0..<k).map { sumT[$0] / Double(nT) - sumC[$0] / Double(nC) }
        let solved = try solveSymmetricPositiveDefinite(covariance, d)
        let p = Double(nT) / Double(n)
        return Double(n) * p * (1 - p) * zip(d, solved).map(*).reduce(0, +)
    }
}

/// Balance of one covariate between an arm and the reference arm: the standardized mean difference
/// (x̄_arm − x̄_ref)/√((s²_arm + s²_ref)/2) (pooled SD, the usual convention for randomized arms)
/// and the variance ratio s²_arm/s²_ref. A mean is nil for an empty arm; the SMD and the ratio are
/// nil (undefined, never "balanced") unless both arms have two units and the SD they need is positive.
public struct CovariateBalance: Equatable, Sendable {
    public let covariate: String
    public let arm: String
    public let meanArm: Double?, meanReference: Double?
    public let smd: Double?
    public let varianceRatio: Double?

    /// Balance of every covariate for every non-reference arm of a randomization.
    public static func table(_ result: RandomizationResult, covariateNames: [String]) -> [CovariateBalance] {
        var out: [CovariateBalance] = []
        for k in 1..<result.armShares.count {
            for (j, name) in covariateNames.enumerated() {
                var arm = Moments()
                var reference = Moments()
                for (unit, a) in zip(result.units, result.arms) {
                    if a == k { arm.add(unit.covariates[j]) } else if a == 0 { reference.add(unit.covariates[j]) }
                }
                let both = arm.count >= 2 && reference.count >= 2
                let pooled = ((arm.variance + reference.variance) / 2).squareRoot()
                out.append(
                    CovariateBalance(
                        covariate: name, arm: result.armShares[k].name,
                        meanArm: arm.count > 0 ? arm.mean : nil,
                        meanReference: reference.count > 0 ? reference.mean : nil,
                        smd: both && pooled > 0 ? (arm.mean - reference.mean) / pooled : nil,
                        varianceRatio: both && reference.variance > 0 ? arm.variance / reference.variance : nil))
            }
        }
        return out
    }
}
