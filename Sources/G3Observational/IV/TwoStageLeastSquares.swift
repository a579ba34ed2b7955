import Foundation
import G3Stats

/// A named data column.
public struct NamedColumn: Sendable {
    public let name: String
    public let values: [Double]
    public init(_ name: String, _ values: [Double]) {
        self.name = name
        self.values = values
    }
}

/// Two-stage least squares, y = Xβ + u with X = [1, controls, endogenous] and instruments
/// Z = [1, controls, excluded instruments], both stages by QR least squares (never a normal-equation
/// inverse): X̂ = P_Z X, β = (X̂'X̂)⁻¹X̂'y, u = y − Xβ. Covariances: classical σ²(X̂'X̂)⁻¹ with
/// σ² = u'u/(n − k); HC0, HC1 and CR1 sandwiches on X̂ and u (AER::ivreg + sandwich; estimatr's
/// iv_robust with se_type "stata" for clusters). Inference: t(n − k), or t(G − 1) with clusters.
public struct TwoStageLeastSquares: Sendable {
    public struct Coefficient: Sendable {
        public let name: String
        public let estimate: Double, standardError: Double, t: Double, pValue: Double, ciLow: Double, ciHigh: Double
    }
    /// The first stage of one endogenous regressor: its regression on Z.
    public struct FirstStage: Sendable {
        public let endogenous: String
        /// Coefficients of the excluded instruments.
        public let coefficients: [(instrument: String, estimate: Double, standardError: Double)]
        /// F test that the excluded instruments' coefficients are 0, classical and with the robust
        /// covariance (HC1, or CR1 with clusters); df (q, n − k_Z).
        public let f: Double, robustF: Double, fPValue: Double
        /// (RSS without the instruments − RSS with them) / RSS without them.
        public let partialR2: Double
    }
    public struct Test: Sendable {
        public let statistic: Double, df1: Double, df2: Double?, pValue: Double
    }
    /// The Anderson–Rubin confidence set for one endogenous regressor: the β₀ whose AR F test is not
    /// rejected. It can be an interval, the line outside an interval, the whole line, or empty.
    public enum ConfidenceSet: Sendable, Equatable {
        case interval(Double, Double)
        /// (−∞, low] ∪ [high, ∞)
        case outside(Double, Double)
        /// (−∞, bound]
        case atMost(Double)
        /// [bound, ∞)
        case atLeast(Double)
        case everything
        case empty
    }

    public let coefficients: [Coefficient]
    public let covariance: [[Double]]
    public let estimator: CovarianceEstimator
    public let observations: Int
    public let degreesOfFreedom: Double
    public let firstStages: [FirstStage]
    /// Wu–Hausman: y on X and the first-stage residuals, F test of the residuals (AER's diagnostic).
    /// Aliased residual columns are dropped as `lm.fit` drops them, so df1 = rank added; nil (with a
    /// diagnostic) when the residuals add nothing to X, where the test has no degrees of freedom.
    public let wuHausman: Test?
    /// Sargan: n·R² of u on Z, χ²(#instruments − #endogenous); nil when exactly identified.
    public let sargan: Test?
    public let andersonRubin: ConfidenceSet?
    /// Stock & Yogo (2005) critical value of the first-stage F for a 5% test with at most 10% size
    /// distortion, when tabulated (one or two endogenous regressors, up to 10 instruments).
    public let stockYogo: Double?
    public let diagnostics: [Diagnostic]

    public init(
        y: NamedColumn, endogenous: [NamedColumn], instruments: [NamedColumn], controls: [NamedColumn] = [],
        estimator: CovarianceEstimator = .classical, level: Double = 0.95
    ) throws {
        let design = try Design(y: y, endogenous: endogenous, instruments: instruments, controls: controls)
        var fitted = design.exogenous.map(\.values)
        var firstStages: [FirstStage] = []
        var firstResiduals: [[Double]] = []
        for d in endogenous {
            let stage = try Self.firstStage(d, design: design, estimator: estimator)
            firstStages.append(stage.summary)
            fitted.append(stage.fitted)
            firstResiduals.append(stage.residuals)
        }
        let second = try Self.secondStage(design: design, fitted: fitted, estimator: estimator, level: level)
        coefficients = second.coefficients
        covariance = second.covariance
        self.estimator = estimator
        observations = design.n
        degreesOfFreedom = second.df
        self.firstStages = firstStages
        let residualScale = Self.centredSumOfSquares(y.values)
        guard second.u.map({ $0 * $0 }).reduce(0, +) > 1e-20 * residualScale, residualScale > 0 else {
            throw ObservationalError(
                "the outcome '\(y.name)' is an exact linear function of the regressors (no residual variance): standard errors and tests are undefined"
            )
        }
        var notes: [Diagnostic]
        (wuHausman, notes) = try Self.wuHausman(y: y.values, x: design.x.map(\.values), firstResiduals: firstResiduals)
        sargan = try Self.sargan(design: design, residuals: second.u)
        andersonRubin = endogenous.count == 1 ? try Self.andersonRubin(design: design, level: level) : nil
        stockYogo = Self.stockYogoTenPercent(endogenous: endogenous.count, instruments: instruments.count)
        notes += Self.weakInstrumentNotes(firstStages, stockYogo: stockYogo, estimator: estimator)
        diagnostics = notes
    }

    /// The columns of both stages, checked: X = [1, controls, endogenous], Z = [1, controls, instruments].
    struct Design {
        let y: NamedColumn
        let endogenous: [NamedColumn], instruments: [NamedColumn]
        let exogenous: [NamedColumn], x: [NamedColumn], z: [NamedColumn]
        var n: Int { y.values.count }

        init(y: NamedColumn, endogenous: [NamedColumn], instruments: [NamedColumn], controls: [NamedColumn]) throws {
            guard !endogenous.isEmpty else { throw ObservationalError("give at least one endogenous regressor") }
            guard instruments.count >= endogenous.count else {
                throw ObservationalError(
                    "\(instruments.count) instrument\(instruments.count == 1 ? "" : "s") (\(instruments.map(\.name).joined(separator: ", "))) cannot identify \(endogenous.count) endogenous regressors (\(endogenous.map(\.name).joined(separator: ", "))): give at least as many instruments"
                )
            }
            var seen: Set<String> = ["(Intercept)"]
            for column in [y] + endogenous + instruments + controls where !seen.insert(column.name).inserted {
                throw ObservationalError(
                    "the column '\(column.name)' is named twice (or is named like the intercept): each variable needs its own name"
                )
            }
            for column in instruments where Set(column.values).count < 2 {
                throw ObservationalError(
                    "the instrument '\(column.name)' is constant: it cannot move the endogenous regressors")
            }
            self.y = y
            self.endogenous = endogenous
            self.instruments = instruments
            exogenous = [NamedColumn("(Intercept)", [Double](repeating: 1, count: y.values.count))] + controls
            x = exogenous + endogenous
            z = exogenous + instruments
        }

        /// Least squares that names a collinear column instead of failing anonymously.
        func fit(_ columns: [NamedColumn], _ target: [Double], role: String) throws -> LeastSquaresFit {
            do { return try LeastSquares.fit(columns: columns.map(\.values), y: target) } catch let error
                as RankDeficiencyError
            {
                guard error.column < columns.count else {
                    throw ObservationalError("\(n) observations are too few for \(columns.count) \(role) columns")
                }
                throw ObservationalError(
                    "the \(role) column '\(columns[error.column].name)' is collinear with \(columns[..<error.column].map { "'\($0.name)'" }.joined(separator: ", "))"
                )
            }
        }
    }

    /// One first stage: d on Z, its F (classical, and robust: HC1 or the clusters), partial R², the
    /// fitted values that enter the second stage and the residuals that enter Wu–Hausman.
    static func firstStage(_ d: NamedColumn, design: Design, estimator: CovarianceEstimator) throws
        -> (summary: FirstStage, fitted: [Double], residuals: [Double])
    {
        let n = design.n
        let q = Double(design.instruments.count)
        let kz = design.z.count
        let full = try design.fit(design.z, d.values, role: "instrument")
        let without = try design.fit(design.exogenous, d.values, role: "control")
        let rssFull = full.residualSumOfSquares
        let rssWithout = without.residualSumOfSquares
        let f = ((rssWithout - rssFull) / q) / (rssFull / Double(n - kz))
        let robust: CovarianceEstimator = estimator.clusters != nil ? estimator : .hc1
        let v = try robust.covariance(
            columns: design.z.map(\.values), residuals: full.residuals, bread: full.inverseGram, parameters: kz)
        let idx = Array(design.exogenous.count..<kz)
        let b = idx.map { full.coefficients[$0] }
        let wald = zip(b, try solveSymmetricPositiveDefinite(idx.map { i in idx.map { v[i][$0] } }, b)).map(*)
            .reduce(0, +)
        let summary = FirstStage(
            endogenous: d.name,
            coefficients: idx.map { (design.z[$0].name, full.coefficients[$0], v[$0][$0].squareRoot()) },
            f: f, robustF: wald / q, fPValue: try FDistribution.survival(f, df1: q, df2: Double(n - kz)),
            partialR2: (rssWithout - rssFull) / rssWithout)
        return (summary, zip(d.values, full.residuals).map(-), full.residuals)
    }

    /// The second stage on X̂, residuals with the actual X, the covariance and t inference.
    static func secondStage(design: Design, fitted: [[Double]], estimator: CovarianceEstimator, level: Double) throws
        -> (coefficients: [Coefficient], covariance: [[Double]], df: Double, u: [Double])
    {
        let n = design.n
        let x = design.x
        let second = try design.fit(
            zip(x, fitted).map { NamedColumn($0.name, $1) }, design.y.values, role: "second-stage")
        let beta = second.coefficients
        let k = x.count
        let u = (0..<n).map { r in design.y.values[r] - (0..<k).map { x[$0].values[r] * beta[$0] }.reduce(0, +) }
        let covariance = try estimator.covariance(
            columns: fitted, residuals: u, bread: second.inverseGram, parameters: k)
        let df = Double(estimator.clusters.map { $0 - 1 } ?? (n - k))
        let critical = try StudentT.quantile(0.5 + level / 2, df: df)
        let coefficients = try (0..<k).map { i in
            let se = covariance[i][i].squareRoot()
            return Coefficient(
                name: x[i].name, estimate: beta[i], standardError: se, t: beta[i] / se,
                pValue: 2 * (try StudentT.survival(abs(beta[i] / se), df: df)), ciLow: beta[i] - critical * se,
                ciHigh: beta[i] + critical * se)
        }
        return (coefficients, covariance, df, u)
    }

    /// Sargan: n R² of the 2SLS residuals on Z; nil when exactly identified.
    static func sargan(design: Design, residuals u: [Double]) throws -> Test? {
        guard design.instruments.count > design.endogenous.count else { return nil }
        let aux = try design.fit(design.z, u, role: "instrument")
        let mean = u.reduce(0, +) / Double(design.n)
        let total = u.map { ($0 - mean) * ($0 - mean) }.reduce(0, +)
        let statistic = Double(design.n) * (1 - aux.residualSumOfSquares / total)
        let dof = Double(design.instruments.count - design.endogenous.count)
        return Test(statistic: statistic, df1: dof, df2: nil, pValue: try ChiSquared.survival(statistic, df: dof))
    }

    /// The Anderson–Rubin set for one endogenous regressor: {β₀ : F_AR(β₀) ≤ F_crit}, a quadratic
    /// inequality in β₀ (classical F).
    static func andersonRubin(design: Design, level: Double) throws -> ConfidenceSet {
        let n = design.n
        let q = Double(design.instruments.count)
        let kz = design.z.count
        let d = design.endogenous[0].values
        let dz = try design.fit(design.z, d, role: "instrument").residuals
        let dw = try design.fit(design.exogenous, d, role: "control").residuals
        let yz = try design.fit(design.z, design.y.values, role: "instrument").residuals
        let yw = try design.fit(design.exogenous, design.y.values, role: "control").residuals
        func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).map(*).reduce(0, +) }
        // (y − βd)'A(y − βd) with A = P_Z − P_W = M_W − M_Z; M = M_Z.
        let aDD = dot(dw, dw) - dot(dz, dz)
        let aDY = dot(dw, yw) - dot(dz, yz)
        let aYY = dot(yw, yw) - dot(yz, yz)
        let mDD = dot(dz, dz)
        let mDY = dot(dz, yz)
        let mYY = dot(yz, yz)
        let fCritical = try FDistribution.quantile(level, df1: q, df2: Double(n - kz))
        let c = fCritical * q / Double(n - kz)
        return quadraticSet(a: aDD - c * mDD, b: -2 * (aDY - c * mDY), c: aYY - c * mYY)
    }

    /// Weak-instrument warnings: F below 10 (Staiger & Stock 1997), below 104.7 for an honest t-test
    /// (Lee, McCrary, Moreira & Porter 2022), and few clusters.
    static func weakInstrumentNotes(_ firstStages: [FirstStage], stockYogo: Double?, estimator: CovarianceEstimator)
        -> [Diagnostic]
    {
        var notes: [Diagnostic] = []
        for s in firstStages where s.f < 10 || (s.robustF < 10 && estimator != .classical) {
            notes.append(
                Diagnostic(
                    .weakInstrument, .warning, subject: s.endogenous,
                    "weak instruments for \(s.endogenous): first-stage F = \(String(format: "%.2f", s.f)) (robust \(String(format: "%.2f", s.robustF))), below 10 (Staiger & Stock 1997)\(stockYogo.map { "; the Stock–Yogo 10% maximal-size critical value is \($0)" } ?? ""); 2SLS t-tests over-reject — use the Anderson–Rubin set"
                ))
        }
        if let s = firstStages.first, firstStages.count == 1, s.f >= 10, s.f < 104.7 {
            notes.append(
                Diagnostic(
                    .weakInstrument, .info, subject: s.endogenous,
                    "first-stage F = \(String(format: "%.1f", s.f)): an honest 5% t-test needs F ≥ 104.7 (Lee, McCrary, Moreira & Porter 2022); the Anderson–Rubin set is valid whatever F is"
                ))
        }
        if let clusters = estimator.clusters, clusters < 30 {
            notes.append(
                Diagnostic(.fewClusters, .warning, "only \(clusters) clusters: cluster-robust SEs can be too small"))
        }
        return notes
    }
    /// Wu–Hausman as AER computes it: OLS of y on X, then on X and the first-stage residuals, with
    /// aliased columns dropped (`lm.fit`); F = ((RSS₀ − RSS₁)/df1)/(RSS₁/df2), df1 = rank₁ − rank₀,
    /// df2 = n − rank₁. With df1 = 0 there is no test, and a note says why.
    static func wuHausman(y: [Double], x: [[Double]], firstResiduals: [[Double]]) throws -> (Test?, [Diagnostic]) {
        let ols = try LeastSquares.fitDroppingAliased(columns: x, y: y)
        let augmented = try LeastSquares.fitDroppingAliased(columns: x + firstResiduals, y: y)
        let df1 = augmented.kept.count - ols.kept.count
        let df2 = y.count - augmented.kept.count
        var notes: [Diagnostic] = []
        if augmented.kept.count < x.count + firstResiduals.count {
            let dropped = x.count + firstResiduals.count - augmented.kept.count
            notes.append(
                Diagnostic(
                    .data, .info, subject: "Wu–Hausman",
                    "Wu–Hausman: \(dropped) first-stage residual column\(dropped == 1 ? " is" : "s are") aliased (exactly collinear) and left out, as AER does; the test has \(df1) numerator df"
                ))
        }
        guard df1 > 0, df2 > 0 else {
            notes.append(
                Diagnostic(
                    .skipped, .info, subject: "Wu–Hausman",
                    "Wu–Hausman not computed: the first-stage residuals add nothing to the regressors"))
            return (nil, notes)
        }
        let rss1 = augmented.fit.residualSumOfSquares
        let statistic = ((ols.fit.residualSumOfSquares - rss1) / Double(df1)) / (rss1 / Double(df2))
        let p = try FDistribution.survival(statistic, df1: Double(df1), df2: Double(df2))
        return (Test(statistic: statistic, df1: Double(df1), df2: Double(df2), pValue: p), notes)
    }

    /// Σ(v − v̄)².
    static func centredSumOfSquares(_ v: [Double]) -> Double {
        let mean = v.reduce(0, +) / Double(max(v.count, 1))
        return v.map { ($0 - mean) * ($0 - mean) }.reduce(0, +)
    }

    /// The set {β : aβ² + bβ + c ≤ 0}.
    static func quadraticSet(a: Double, b: Double, c: Double) -> ConfidenceSet {
        if a == 0 {
            if b == 0 { return c <= 0 ? .everything : .empty }
            return b > 0 ? .atMost(-c / b) : .atLeast(-c / b)
        }
        let discriminant = b * b - 4 * a * c
        if discriminant < 0 { return a > 0 ? .empty : .everything }
        let r1 = (-b - discriminant.squareRoot()) / (2 * a)
        let r2 = (-b + discriminant.squareRoot()) / (2 * a)
        let (low, high) = (min(r1, r2), max(r1, r2))
        return a > 0 ? .interval(low, high) : .outside(low, high)
    }

    /// Stock & Yogo (2005), Table 5.2: 10% maximal IV size, 5% Wald test; rows: instruments 1…10.
    static func stockYogoTenPercent(endogenous: Int, instruments: Int) -> Double? {
        let one = [16.38, 19.93, 22.30, 24.58, 26.87, 29.18, 31.50, 33.84, 36.19, 38.54]
        let two = [7.03, 13.43, 16.87, 19.45, 21.68, 23.72, 25.64, 27.51, 29.32]  // instruments 2…10
        guard instruments >= 1, instruments <= 10 else { return nil }
        switch endogenous {
        case 1: return one[instruments - 1]
        case 2: return instruments >= 2 ? two[instruments - 2] : nil
        default: return nil
        }
    }
}
