import G3Data
import G3Stats

/// The observational analysis of a customer-month panel (`g3-design analyze`): baseline covariates
/// → outliers → propensity → matching → balance → effects over each engaged account's own
/// post-engagement months (its matched controls inherit its month) → placebo on the pre-period.
public struct PanelAnalysis: Sendable {
    /// The analysis settings, with defaults: the seed schema's outcomes and covariates, 1:1 matching
    /// with a 0.2 SD caliper on the logit, no outlier rule, no bootstrap, 95% intervals, no placebo
    /// draws, every follow-up step. Set what differs.
    public struct Settings: Sendable {
        public var outcomes = SeedSchema.outcomes
        public var numericCovariates = SeedSchema.numeric
        public var categoricalCovariates = SeedSchema.categorical
        /// The column whose baseline value defines the outlier segments.
        public var segment: String? = SeedSchema.segment
        public var exact: [String] = []
        public var matching = MatchingSpec()
        public var outliers = OutlierRule(mode: .none)
        /// The never-engaged accounts' reference month; nil: the first engagement in the data.
        public var controlReference: Int?
        /// Pair-bootstrap replicates (0 for none).
        public var bootstrap = 0
        public var level = 0.95
        /// How many placebo treatments to draw among the controls (0 for none).
        public var placeboDraws = 0
        /// The steps after matching to run.
        public var steps: Set<FollowUp> = Set(FollowUp.allCases)
        /// k of the account clusters; nil chooses it by the silhouette.
        public var clusterCount: Int? = 5
        /// Event-study binning and the CR1 convention of the matched-panel DiD.
        public var binLeads: Int?, binLags: Int?
        public var convention: FixedEffectsConvention = .lm

        public init() {}
    }

    /// Engaged accounts' post-engagement mean against never-engaged accounts' mean after the baseline
    /// window: the comparison the original analysis reported, biased by selection.
    public struct NaiveComparison: Sendable {
        public let outcome: String
        public let engagedMean: Double, comparisonMean: Double
        public var difference: Double { engagedMean - comparisonMean }
        /// engaged / comparison − 1; nil when the comparison mean is 0.
        public var ratio: Double? { comparisonMean != 0 ? engagedMean / comparisonMean - 1 : nil }
    }

    public let baseline: Baseline
    public let outlierReport: OutlierReport
    /// Accounts (panel indices) in the matching, after outliers.
    public let accounts: [Int]
    public let matching: MatchingAnalysis
    public let effects: [MatchedEffect]
    /// The same estimator on the months before each engagement: should be near 0.
    public let preperiodPlacebo: [MatchedEffect]
    /// Placebo treatments drawn at random among the controls, one distribution per outcome (empty with 0 draws).
    public let placeboTreatments: [PlaceboDistribution]
    /// The ATT by the engaged accounts' engagement type (types with enough matched pairs).
    public let byEngagementType: [EngagementTypeEffect]
    /// Difference-in-differences on the matched panel, per outcome.
    public let did: [MatchedPanelDiD]
    public let clusters: AccountClusters?
    public let sensitivity: [MatchedSensitivity]
    /// Holm and Benjamini–Hochberg adjusted p-values of the main ATTs across outcomes.
    public let holm: [Double], benjaminiHochberg: [Double]

    /// The analyses that follow matching; each can be switched off.
    public enum FollowUp: String, CaseIterable, Sendable {
        case did
        case eventStudy = "event-study"
        case cs, clusters, sensitivity
    }
    public let naive: [NaiveComparison]
    public let diagnostics: [Diagnostic]
    /// Wall time of each step in seconds, and the peak resident set so far in MB (for `--timings` and
    /// `make bench`): the effects' steps, then the matched panel's, which ran beside them.
    public let timings: [(step: String, seconds: Double, peakMB: Int)]

    /// Each random step draws from its own MT19937 stream seeded from `seed` (matching order: seed,
    /// bootstrap: seed + 1, placebo treatments: seed + 2, clusters: seed + 3), so switching one step
    /// off or changing its size leaves the others' draws unchanged. The steps: baseline and outliers →
    /// propensity, matching, balance → effects → engagement types → placebo draws, and beside these
    /// (`Parallel.pair`) matched-panel DiD → clusters → the naive contrast; then sensitivity. The
    /// results and notes are those of running the steps one after the other.
    public init(panel input: AccountPanel, settings: Settings, seed: UInt32) throws {
        var stopwatch = Stopwatch()
        let prepared = try Prepared(input, settings: settings)
        stopwatch.lap("baseline and outliers")
        let matching = try MatchingAnalysis(
            covariates: prepared.covariates, treated: prepared.treated, outcomes: [], exact: prepared.exact,
            spec: settings.matching, level: settings.level, bootstrap: 0, random: MersenneTwister(seed: seed))
        stopwatch.lap("propensity, matching, balance")
        let context = MatchedContext(prepared: prepared, matching: matching, settings: settings)
        var notes = matching.diagnostics
        // The matched panel's DiD, clusters and naive contrast need only the matching: they run beside
        // the effects, the engagement types and the placebo draws, each step with its own generator
        // and notes (joined in the steps' order).
        var effectSteps = Stopwatch()
        let ((effects, placebo, types, placeboDraws), panelSteps) = try Parallel.pair(
            {
                let (effects, placebo) = try context.effects(
                    bootstrap: settings.bootstrap, random: MersenneTwister(seed: seed &+ 1), notes: &notes)
                effectSteps.lap("effects and bootstrap")
                let types = context.engagementTypes(notes: &notes)
                effectSteps.lap("engagement types")
                let draws = try PlaceboDistribution.draw(
                    settings.placeboDraws, panel: prepared.panel, accounts: prepared.accounts,
                    distance: settings.matching.distance == .logit
                        ? matching.propensity.logits : matching.propensity.scores,
                    logits: matching.propensity.logits, treated: prepared.treated, exact: prepared.exact,
                    spec: settings.matching,
                    months: matching.sample.subclasses.map { context.engagedMonth($0.treated) }, effects: effects,
                    random: MersenneTwister(seed: seed &+ 2))
                effectSteps.lap("placebo treatments")
                return (effects, placebo, types, draws)
            }, { context.panelSteps(settings: settings, seed: seed) })
        (byEngagementType, placeboTreatments) = (types, placeboDraws)
        (did, clusters, naive) = (panelSteps.did, panelSteps.clusters, panelSteps.naive)
        notes += panelSteps.notes
        var last = Stopwatch()
        sensitivity = settings.steps.contains(.sensitivity) ? context.sensitivity(of: effects, notes: &notes) : []
        notes += prepared.notes(settings)
        last.lap("sensitivity")
        baseline = prepared.baseline
        outlierReport = prepared.report
        accounts = prepared.accounts
        self.matching = matching
        self.effects = effects
        preperiodPlacebo = placebo
        holm = MultipleTesting.holm(effects.map(\.pValue))
        benjaminiHochberg = MultipleTesting.benjaminiHochberg(effects.map(\.pValue))
        diagnostics = notes
        timings = stopwatch.laps + effectSteps.laps + panelSteps.laps + last.laps
    }
}

extension PanelAnalysis {
    /// Each subclass's outcome means over the months after (`post`) or before its treated unit's month;
    /// subclasses whose treated unit or all controls lack such months are counted in `lost`.
    static func windowed(
        _ panel: AccountPanel, accounts: [Int], _ subclasses: [MatchedSample.Subclass], month: (Int) -> Int,
        outcome: String, post: Bool
    ) -> (values: [SubclassOutcome], lost: Int) {
        var values: [SubclassOutcome] = []
        var lost = 0
        let column = panel.numbers[outcome]
        for sub in subclasses {
            let m = month(sub.treated)
            let include = post ? { (month: Int) in month > m } : { (month: Int) in month < m }
            func mean(_ unit: Int) -> Double? {
                column.flatMap { panel.mean($0, account: accounts[unit], where: include) }
            }
            let controls = sub.controls.compactMap { c in mean(c).map { (unit: c, value: $0) } }
            guard let t = mean(sub.treated), !controls.isEmpty else {
                lost += 1
                continue
            }
            values.append(SubclassOutcome(treated: t, controls: controls))
        }
        return (values, lost)
    }
}

/// The ATT for the engaged accounts of one engagement type.
public struct EngagementTypeEffect: Sendable {
    /// Fewer matched pairs than this get no separate estimate.
    public static let minimumPairs = 5
    public let type: String
    public let pairs: Int
    public let effects: [MatchedEffect]
}

/// The elements in first-seen order without repeats.
public func uniqueInOrder<T: Hashable>(_ values: [T]) -> [T] {
    var seen = Set<T>()
    return values.filter { seen.insert($0).inserted }
}

/// Wall-clock laps.
struct Stopwatch {
    private let clock = ContinuousClock()
    private var last: ContinuousClock.Instant
    private(set) var laps: [(step: String, seconds: Double, peakMB: Int)] = []
    init() { last = clock.now }
    mutating func lap(_ step: String) {
        let now = clock.now
        let d = now - last
        laps.append(
            (step, Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18, peakResidentMegabytes()))
        last = now
    }
}
