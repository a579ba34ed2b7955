import G3Design
import G3Observational
import G3Stats

/// One estimate, in the shape every result document, CSV file and registry row shares (schema 2).
/// Keys that do not apply to an estimator are `null`: a naive contrast has no `se`, a randomized
/// difference no `cohen_d`.
public struct EstimateDocument: Codable, Sendable, Equatable {
    public var outcome: String
    /// An `EstimateMethod` raw value (`psm`, `did-2x2`, `difference-in-means`, …).
    public var method: String
    public var estimand: String
    public var estimate: Double
    @Null public var se: Double?
    @Null public var df: Double?
    @Null public var ciLow: Double?
    @Null public var ciHigh: Double?
    @Null public var pValue: Double?
    @Null public var nTreated: Int?
    @Null public var nControl: Int?
    /// The estimate over the control mean.
    @Null public var relative: Double?
    /// How the SE was formed: `abadie-imbens`, `pair-cluster`, `cr1`, `influence-function`, `neyman`, …
    @Null public var seMethod: String?
    @Null public var controlMean: Double?
    @Null public var cohenD: Double?
    @Null public var bootstrap: BootstrapDocument?

    public init(
        outcome: String, method: EstimateMethod, estimand: String, estimate: Double, se: Double? = nil,
        df: Double? = nil, ciLow: Double? = nil, ciHigh: Double? = nil, pValue: Double? = nil, nTreated: Int? = nil,
        nControl: Int? = nil, seMethod: String? = nil
    ) {
        self.init(
            outcome: outcome, methodName: method.rawValue, estimand: estimand, estimate: estimate, se: se, df: df,
            ciLow: ciLow, ciHigh: ciHigh, pValue: pValue, nTreated: nTreated, nControl: nControl, seMethod: seMethod)
    }

    /// An estimate whose method is a name already stored (a registry row).
    init(
        outcome: String, methodName: String, estimand: String, estimate: Double, se: Double?, df: Double?,
        ciLow: Double?, ciHigh: Double?, pValue: Double?, nTreated: Int?, nControl: Int?, seMethod: String?
    ) {
        self.outcome = outcome
        self.method = methodName
        self.estimand = estimand
        self.estimate = estimate
        self.se = se
        self.df = df
        self.ciLow = ciLow
        self.ciHigh = ciHigh
        self.pValue = pValue
        self.nTreated = nTreated
        self.nControl = nControl
        self.seMethod = seMethod
    }
}

/// The pair bootstrap of a matched estimate.
public struct BootstrapDocument: Codable, Sendable, Equatable {
    public var replicates: Int
    public var se: Double
    public var percentileLow: Double
    public var percentileHigh: Double
    public var bcaLow: Double
    public var bcaHigh: Double
    @Null public var relativeLow: Double?
    @Null public var relativeHigh: Double?
}

extension EstimateDocument {
    /// A matched ATT (`psm`, or `did-2x2` for the matched 2×2 difference-in-differences).
    public init(_ e: MatchedEffect, method: EstimateMethod = .psm) {
        self.init(
            outcome: e.outcome, method: method, estimand: "ATT", estimate: e.estimate, se: e.standardError,
            df: e.degreesOfFreedom, ciLow: e.ciLow, ciHigh: e.ciHigh, pValue: e.pValue, nTreated: e.nTreated,
            nControl: e.nControl, seMethod: e.degreesOfFreedom == nil ? "abadie-imbens" : "pair-cluster")
        relative = e.relative
        controlMean = e.controlMean
        cohenD = e.cohenD
        bootstrap = e.bootstrap.map {
            BootstrapDocument(
                replicates: $0.replicates, se: $0.standardError, percentileLow: $0.percentile.low,
                percentileHigh: $0.percentile.high, bcaLow: $0.bca.low, bcaHigh: $0.bca.high,
                relativeLow: $0.relative?.low, relativeHigh: $0.relative?.high)
        }
    }

    /// An estimate from randomized arms, with the estimand it identifies (ATE, ITT, LATE).
    public init(_ e: ArmEstimate, outcome: String, estimand: String) {
        let ci = e.confidenceInterval
        self.init(
            outcome: outcome, method: e.method, estimand: estimand, estimate: e.estimate, se: e.standardError,
            df: e.degreesOfFreedom, ciLow: ci.low, ciHigh: ci.high, pValue: e.pValue, nTreated: e.nTreatment,
            nControl: e.nControl, seMethod: Self.seMethod(e.method))
    }

    static func seMethod(_ method: EstimateMethod) -> String {
        switch method {
        case .differenceInMeansPooled: return "pooled"
        case .lin: return "hc2"
        case .late: return "hc1"
        default: return "neyman"
        }
    }

    /// The naive contrast of engaged with all other accounts: no SE, no interval.
    public init(_ n: PanelAnalysis.NaiveComparison) {
        self.init(
            outcome: n.outcome, method: .naive, estimand: "difference in post-period means (no SE)",
            estimate: n.difference)
        relative = n.ratio
        controlMean = n.comparisonMean
    }
}
