import G3Stats

/// A long panel for the difference-in-differences estimators: one row per unit and period.
public struct LongPanel: Sendable {
    /// Unit index per row.
    public var unit: [Int]
    /// Integer period per row (year, quarter number, month index).
    public var period: [Int]
    public var y: [Double]
    /// The unit's first treated period, nil if never treated.
    public var cohort: [Int?]
    /// The cluster per row (the unit, a matched pair, …).
    public var cluster: [Int]
    /// A 0/1 treatment per row when given as data (TWFE uses it as it is); nil: 1 from the cohort on.
    public var treatment: [Double]?
    public init(
        unit: [Int], period: [Int], y: [Double], cohort: [Int?], cluster: [Int]? = nil, treatment: [Double]? = nil
    ) {
        self.unit = unit
        self.period = period
        self.y = y
        self.cohort = cohort
        self.cluster = cluster ?? unit
        self.treatment = treatment
    }
    /// The treatment regressor of TWFE.
    public var treated: [Double] {
        treatment ?? period.indices.map { r in cohort[r].map { period[r] >= $0 ? 1 : 0 } ?? 0 }
    }
}

/// TWFE, event study and Callaway & Sant'Anna on one outcome of a long panel (`g3-design did`).
public struct DiDAnalysis: Sendable {
    public enum Estimator: String, CaseIterable, Sendable {
        case twfe
        case eventStudy = "event-study"
        case cs
    }

    public struct Settings: Sendable {
        public var estimators: [Estimator] = Estimator.allCases
        public var control: CallawaySantAnna.ControlGroup = .neverTreated
        public var binLeads: Int?
        public var binLags: Int?
        public var convention: FixedEffectsConvention = .lm
        public var level = 0.95
        public init() {}
    }

    public let outcome: String
    public let twfe: ClusteredFit?
    public let eventStudy: EventStudy?
    public let callawaySantAnna: CallawaySantAnna?
    public let treatedUnits: Int, controlUnits: Int
    public let diagnostics: [Diagnostic]

    public init(outcome: String, panel: LongPanel, settings: Settings) throws {
        self.outcome = outcome
        var cohortOfUnit: [Int: Int?] = [:]
        for r in panel.unit.indices { cohortOfUnit[panel.unit[r]] = panel.cohort[r] }
        treatedUnits = cohortOfUnit.values.filter { $0 != nil }.count
        controlUnits = cohortOfUnit.count - treatedUnits
        guard treatedUnits > 0 else { throw ObservationalError("no unit is ever treated") }
        var notes: [Diagnostic] = []
        twfe =
            settings.estimators.contains(.twfe)
            ? try TwoWayFixedEffects.fit(
                y: panel.y, columns: [panel.treated], names: ["treated"], unit: panel.unit,
                time: denseIndices(panel.period), cluster: panel.cluster, convention: settings.convention)
            : nil
        eventStudy =
            settings.estimators.contains(.eventStudy)
            ? try EventStudy(
                y: panel.y, unit: panel.unit, period: panel.period, cohort: panel.cohort, cluster: panel.cluster,
                binLeads: settings.binLeads, binLags: settings.binLags, convention: settings.convention,
                level: settings.level)
            : nil
        callawaySantAnna =
            settings.estimators.contains(.cs)
            ? try CallawaySantAnna(
                y: panel.y, unit: panel.unit, period: panel.period, cohort: panel.cohort, control: settings.control)
            : nil
        notes += eventStudy?.notes ?? []
        notes += callawaySantAnna?.notes ?? []
        if twfe != nil, Set(cohortOfUnit.values.compactMap { $0 }).count > 1 {
            notes.append(
                Diagnostic(
                    .staggeredAdoption, .warning, subject: EstimateMethod.twfe.rawValue,
                    "adoption is staggered: the TWFE coefficient averages 2×2 comparisons with weights that can be negative when effects change over time (Goodman-Bacon 2021); read it beside Callaway & Sant'Anna"
                ))
        }
        if treatedUnits < 5 {
            notes.append(
                Diagnostic(
                    .data, .warning,
                    "only \(treatedUnits) treated unit\(treatedUnits == 1 ? "" : "s"): the standard errors barely reflect the treated side's variation; treat inference with caution (Conley & Taber 2011)"
                ))
        }
        if let twfe, twfe.clusters < 30 {
            notes.append(
                Diagnostic(
                    .fewClusters, .warning,
                    "only \(twfe.clusters) clusters: cluster-robust standard errors can be too small with few clusters (Cameron, Gelbach & Miller 2008)"
                ))
        }
        if let cs = callawaySantAnna, let test = cs.pretest, test.pValue < 0.05 {
            notes.append(
                Diagnostic(
                    .preTrends, .warning, subject: "pre-trend test",
                    "the pre-trend test rejects parallel trends (W = \(String(format: "%.2f", test.statistic)), \(Self.p(test.pValue)))"
                ))
        }
        if let test = eventStudy?.leadsTest, test.fPValue < 0.05 {
            notes.append(
                Diagnostic(
                    .preTrends, .warning, subject: "leads test",
                    "the event study's leads are jointly non-zero (F = \(String(format: "%.2f", test.fStatistic)), \(Self.p(test.fPValue))): parallel trends are doubtful"
                ))
        }
        diagnostics = notes
    }

    /// "p = 0.0008", or "p < 0.0001" rather than a p that prints as 0.
    static func p(_ value: Double) -> String { value < 1e-4 ? "p < 0.0001" : "p = \(String(format: "%.4f", value))" }
}

/// Each value's rank among the distinct values (0 for the smallest): periods as 0…T − 1 for the
/// fixed effects.
func denseIndices(_ values: [Int]) -> [Int] {
    let rank = Dictionary(Set(values).sorted().enumerated().map { ($1, $0) }) { first, _ in first }
    return values.compactMap { rank[$0] }
}
