import G3Stats
import G3Observational

/// `analyze --format json` and `analyze --out …/results.json`, which `report` reads back.
public struct PanelDocument: Codable, Sendable {
    public var schemaVersion = ResultJSON.schemaVersion
    public var data: PanelDataDocument
    public var excludedAccounts: [ExcludedAccountDocument]
    public var outliers: [OutlierCellDocument]
    public var propensity: PropensityDocument
    public var matching: MatchingDocument
    public var balance: [BalanceDocument]
    /// The matched ATT of each outcome over post-engagement months.
    public var effects: [EstimateDocument]
    public var placebo: PlaceboDocument
    public var byEngagementType: [EngagementTypeDocument]
    public var naive: [NaiveDocument]
    public var did: [DiDDocument]
    /// Absent when the cluster step did not run.
    public var clusters: ClustersDocument?
    public var sensitivity: [SensitivityDocument]
    public var multiplicity: [MultiplicityDocument]
    public var diagnostics: [Diagnostic]
}

/// The panel as read, and how many accounts the analysis kept.
public struct PanelDataDocument: Codable, Sendable {
    public var rows: Int
    public var accounts: Int
    public var engaged: Int
    public var baselineControlReference: String
    public var accountsAnalysed: Int
    public var accountsWithoutBaseline: Int
    /// Coercions and other reading notes.
    public var notes: [String]
}

/// An account left out because its engagement lies outside the panel's months.
public struct ExcludedAccountDocument: Codable, Sendable {
    public var id: String
    public var engagementMonth: String
    public var reason: String

    public init(id: String, engagementMonth: String, reason: String) {
        self.id = id
        self.engagementMonth = engagementMonth
        self.reason = reason
    }
}

/// One segment × outcome cell of the outlier rule.
public struct OutlierCellDocument: Codable, Sendable {
    public var segment: String
    public var outcome: String
    public var low: Double
    public var high: Double
    public var flagged: Int
}

/// The placebo tests: the matched pairs before engagement, and random placebo engagements.
public struct PlaceboDocument: Codable, Sendable {
    /// The distribution of the ATT when engagements are drawn at random among the controls.
    public struct RandomTreatments: Codable, Sendable {
        public var outcome: String
        /// The real ATT.
        public var estimate: Double
        public var draws: Int
        public var failedDraws: Int
        @Null public var mean: Double?
        @Null public var sd: Double?
        @Null public var low: Double?
        @Null public var high: Double?
        /// The share of draws at least as far from 0 as the real ATT.
        public var pValue: Double
    }
    public var preperiod: [EstimateDocument]
    public var randomTreatments: [RandomTreatments]
}

/// The matched ATT restricted to the pairs of one engagement type.
public struct EngagementTypeDocument: Codable, Sendable {
    public var type: String
    public var pairs: Int
    public var effects: [EstimateDocument]
}

/// Engaged against all other accounts, no adjustment.
public struct NaiveDocument: Codable, Sendable {
    public var outcome: String
    public var engagedMean: Double
    public var comparisonMean: Double
    public var difference: Double
    @Null public var relative: Double?
}

/// Holm and Benjamini–Hochberg adjustments of the matched ATTs' p-values across outcomes.
public struct MultiplicityDocument: Codable, Sendable {
    public var outcome: String
    public var pValue: Double
    public var holm: Double
    public var bh: Double
}
