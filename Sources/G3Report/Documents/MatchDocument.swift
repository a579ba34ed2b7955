import G3Stats
import G3Observational

/// `match --format json` and `match --out …/results.json`; its parts are shared with `analyze`.
public struct MatchDocument: Codable, Sendable {
    public var schemaVersion = ResultJSON.schemaVersion
    public var propensity: PropensityDocument
    public var matching: MatchingDocument
    public var balance: [BalanceDocument]
    public var effects: [EstimateDocument]
    public var diagnostics: [Diagnostic]
}

/// The logistic propensity model.
public struct PropensityDocument: Codable, Sendable {
    public var terms: [String]
    /// By term, with `(Intercept)`.
    public var coefficients: [String: Double]
    public var converged: Bool
    public var iterations: Int
    public var separation: Bool
    public var auc: Double

    public init(_ p: PropensityScores) {
        terms = p.terms
        coefficients = Dictionary(zip(["(Intercept)"] + p.terms, p.coefficients)) { first, _ in first }
        converged = p.converged
        iterations = p.iterations
        separation = p.separation
        auc = p.auc
    }
}

/// The matching specification and what it matched.
public struct MatchingDocument: Codable, Sendable {
    public var method = "nearest"
    public var distance: String
    public var ratio: Int
    public var order: String
    @Null public var caliper: Double?
    public var caliperSd: String
    public var replace: Bool
    @Null public var caliperWidth: Double?
    public var commonSupport: Bool
    public var matchedTreated: Int
    public var unmatchedTreated: Int
    public var outsideSupportTreated: Int
    public var outsideSupportControl: Int
    public var controlsUsed: Int
    public var seed: Int

    public init(spec: MatchingSpec, sample: MatchedSample, seed: UInt32) {
        distance = spec.distance.rawValue
        ratio = spec.ratio
        order = spec.order.rawValue
        caliper = spec.caliper
        caliperSd = spec.caliperSD.rawValue
        replace = spec.replace
        caliperWidth = sample.caliperWidth
        commonSupport = spec.commonSupport
        matchedTreated = sample.subclasses.count
        unmatchedTreated = sample.unmatchedTreated.count
        outsideSupportTreated = sample.outsideSupport.treated
        outsideSupportControl = sample.outsideSupport.control
        controlsUsed = Set(sample.subclasses.flatMap(\.controls)).count
        self.seed = Int(seed)
    }
}

/// One covariate's balance before and after matching.
public struct BalanceDocument: Codable, Sendable {
    public var term: String
    public var binary: Bool
    public var smdBefore: Double
    public var smdAfter: Double
    @Null public var varianceRatioBefore: Double?
    @Null public var varianceRatioAfter: Double?
    @Null public var ecdfMeanBefore: Double?
    @Null public var ecdfMeanAfter: Double?
    @Null public var ecdfMaxBefore: Double?
    @Null public var ecdfMaxAfter: Double?
    public var flagged: Bool

    public init(_ row: BalanceRow) {
        term = row.term
        binary = row.binary
        smdBefore = row.smdBefore
        smdAfter = row.smdAfter
        varianceRatioBefore = row.varianceRatioBefore
        varianceRatioAfter = row.varianceRatioAfter
        ecdfMeanBefore = row.ecdfMeanBefore
        ecdfMeanAfter = row.ecdfMeanAfter
        ecdfMaxBefore = row.ecdfMaxBefore
        ecdfMaxAfter = row.ecdfMaxAfter
        flagged = row.flagged
    }
}

extension MatchDocument {
    public init(_ analysis: MatchingAnalysis, seed: UInt32) {
        propensity = PropensityDocument(analysis.propensity)
        matching = MatchingDocument(spec: analysis.spec, sample: analysis.sample, seed: seed)
        balance = analysis.balance.map(BalanceDocument.init)
        effects = analysis.effects.map { EstimateDocument($0) }
        diagnostics = analysis.diagnostics
    }
}
