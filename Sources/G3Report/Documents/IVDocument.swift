import G3Stats
import G3Observational

/// `iv estimate --format json`: a 2SLS fit and its diagnostics.
public struct IVDocument: Codable, Sendable {
    /// A second-stage coefficient.
    public struct Coefficient: Codable, Sendable {
        public var estimate: Double
        public var se: Double
        public var t: Double
        public var p: Double
        /// [low, high] at `level`.
        public var ci: [Double]
    }
    /// The first stage of one endogenous regressor.
    public struct FirstStage: Codable, Sendable {
        public struct Instrument: Codable, Sendable {
            public var estimate: Double
            public var se: Double
        }
        public var endogenous: String
        public var f: Double
        public var robustF: Double
        public var p: Double
        public var partialR2: Double
        public var coefficients: [String: Instrument]
    }
    /// A second-stage coefficient as a row of `iv estimate --format csv`.
    public struct CoefficientRow: Codable, Sendable, CSVRow {
        public static let columns = ["term", "estimate", "se", "t", "p", "ci_low", "ci_high"]
        public var term: String
        public var estimate: Double
        public var se: Double
        public var t: Double
        public var p: Double
        public var ciLow: Double
        public var ciHigh: Double
    }
    /// The Wu–Hausman test of exogeneity: F(df1, df2), or χ²(df1) (df2 null) with clustered SEs.
    public struct WuHausman: Codable, Sendable {
        public var statistic: Double
        public var df1: Double
        @Null public var df2: Double?
        public var p: Double
    }
    /// Sargan's test of the overidentifying restrictions, χ²(df).
    public struct Sargan: Codable, Sendable {
        public var statistic: Double
        public var df: Double
        public var p: Double
    }
    /// The Anderson–Rubin confidence set: `interval`, `outside`, `at_most`, `at_least`, `everything` or `empty`.
    public struct ConfidenceSet: Codable, Sendable {
        public var kind: String
        public var low: Double?
        public var high: Double?
    }
    public var schemaVersion = ResultJSON.schemaVersion
    public var outcome: String
    public var n: Int
    public var seType: String
    public var df: Double
    public var level: Double
    public var coefficients: [String: Coefficient]
    public var firstStage: [FirstStage]
    @Null public var wuHausman: WuHausman?
    @Null public var sargan: Sargan?
    @Null public var andersonRubin: ConfidenceSet?
    @Null public var stockYogo10pct: Double?
    public var diagnostics: [Diagnostic]

    enum CodingKeys: String, CodingKey {
        case schemaVersion, outcome, n, seType, df, level, coefficients, firstStage, wuHausman, sargan, andersonRubin
        case stockYogo10pct = "stock_yogo_10pct"
        case diagnostics
    }
}

extension IVDocument.ConfidenceSet {
    init(_ set: TwoStageLeastSquares.ConfidenceSet) {
        switch set {
        case .interval(let a, let b): self.init(kind: "interval", low: a, high: b)
        case .outside(let a, let b): self.init(kind: "outside", low: a, high: b)
        case .atMost(let b): self.init(kind: "at_most", high: b)
        case .atLeast(let a): self.init(kind: "at_least", low: a)
        case .everything: self.init(kind: "everything")
        case .empty: self.init(kind: "empty")
        }
    }
}

extension IVDocument {
    init(_ fit: TwoStageLeastSquares, outcome: String, seType: String, level: Double) {
        self.outcome = outcome
        n = fit.observations
        self.seType = seType
        df = fit.degreesOfFreedom
        self.level = level
        coefficients = Dictionary(
            fit.coefficients.map {
                (
                    $0.name,
                    Coefficient(
                        estimate: $0.estimate, se: $0.standardError, t: $0.t, p: $0.pValue, ci: [$0.ciLow, $0.ciHigh])
                )
            }
        ) { first, _ in first }
        firstStage = fit.firstStages.map { s in
            FirstStage(
                endogenous: s.endogenous, f: s.f, robustF: s.robustF, p: s.fPValue, partialR2: s.partialR2,
                coefficients: Dictionary(
                    s.coefficients.map {
                        ($0.instrument, FirstStage.Instrument(estimate: $0.estimate, se: $0.standardError))
                    }
                ) { first, _ in first })
        }
        wuHausman = fit.wuHausman.map { WuHausman(statistic: $0.statistic, df1: $0.df1, df2: $0.df2, p: $0.pValue) }
        sargan = fit.sargan.map { Sargan(statistic: $0.statistic, df: $0.df1, p: $0.pValue) }
        andersonRubin = fit.andersonRubin.map(ConfidenceSet.init)
        stockYogo10pct = fit.stockYogo
        diagnostics = fit.diagnostics
    }
}
