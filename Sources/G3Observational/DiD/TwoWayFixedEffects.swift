/// How K counts the absorbed fixed effects in the CR1 factor (N − 1)/(N − K).
public enum FixedEffectsConvention: String, CaseIterable, Sendable {
    /// Every unit and time effect counts (K = p + units + times − 1): R's `lm` with a dummy per unit
    /// and period, then `sandwich::vcovCL(type = "HC1")`; Stata's `regress … i.unit i.time, vce(cluster)`.
    case lm
    /// Unit effects nested in the clusters count as one (K = p + 1 + times − 1 when every unit lies in a
    /// single cluster): `fixest::feols(y ~ x | unit + time, cluster = ~c)`, checked with pyfixest 0.60.
    case fixest
}

/// y_it = x_it'β + α_i + γ_t + ε_it by the within transformation (alternating projections) and least
/// squares on the demeaned data (Frisch–Waugh–Lovell), with CR1 standard errors by cluster.
public enum TwoWayFixedEffects {
    public static func fit(
        y: [Double], columns: [[Double]], names: [String], unit: [Int], time: [Int], cluster: [Int],
        convention: FixedEffectsConvention = .lm
    ) throws -> ClusteredFit {
        try fit(y: y, names: names, unit: unit, time: time, cluster: cluster, convention: convention) { columns[$0] }
    }

    /// The same with regressor j (named `names[j]`) made by `column(j)` just before it is demeaned, so
    /// that the regressors are held demeaned only (an event study's 0/1 columns are 0.1 GB at 600,000 rows).
    public static func fit(
        y: [Double], names: [String], unit: [Int], time: [Int], cluster: [Int],
        convention: FixedEffectsConvention = .lm, column: (Int) -> [Double]
    ) throws -> ClusteredFit {
        let demeaner = TwoWayDemeaner(unit: unit, time: time)
        let yTilde = try demeaner.demean(y)
        let xTilde = try names.indices.map { try demeaner.demean(column($0)) }
        for (name, column) in zip(names, xTilde) where column.allSatisfy({ abs($0) < 1e-10 }) {
            throw ObservationalError("'\(name)' does not vary within units and periods: the fixed effects absorb it")
        }
        let absorbed: Int
        switch convention {
        case .lm: absorbed = demeaner.units + demeaner.times - 1
        case .fixest:
            var clusterOf: [Int: Int] = [:]
            var nested = true
            for r in unit.indices {
                if let c = clusterOf[unit[r]], c != cluster[r] {
                    nested = false
                    break
                }
                clusterOf[unit[r]] = cluster[r]
            }
            absorbed = (nested ? 1 : demeaner.units) + demeaner.times - 1
        }
        return try ClusteredLeastSquares.fit(
            y: yTilde, columns: xTilde, names: names, cluster: cluster, absorbed: absorbed)
    }
}
