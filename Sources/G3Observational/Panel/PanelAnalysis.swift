import G3Stats

/// The observational analysis of a customer-month panel (`g3-design analyze`): baseline covariates
/// → outliers → propensity → matching → balance → effects over each engaged account's own
/// post-engagement months (its matched controls inherit its month) → placebo on the pre-period.
public struct PanelAnalysis: Sendable {
    public struct Settings: Sendable {
        public var outcomes: [String]
        public var numericCovariates: [String]
        public var categoricalCovariates: [String]
        /// The column whose baseline value defines the outlier segments.
        public var segment: String?
        public var exact: [String]
        public var matching: MatchingSpec
        public var outliers: OutlierRule
        public var controlReference: Int?
        public var bootstrap: Int
        public var level: Double
        /// How many placebo treatments to draw among the controls (0 for none).
        public var placeboDraws: Int
        /// The steps after matching to run.
        public var steps: Set<FollowUp> = Set(FollowUp.allCases)
        /// k of the account clusters; nil chooses it by the silhouette.
        public var clusterCount: Int? = 5
        /// Event-study binning and the CR1 convention of the matched-panel DiD.
        public var binLeads: Int?, binLags: Int?
        public var convention: FixedEffectsConvention = .lm
        public init(
            outcomes: [String], numericCovariates: [String], categoricalCovariates: [String], segment: String?,
            exact: [String], matching: MatchingSpec, outliers: OutlierRule, controlReference: Int?, bootstrap: Int,
            level: Double,
            placeboDraws: Int = 0
        ) {
            self.outcomes = outcomes
            self.numericCovariates = numericCovariates
            self.categoricalCovariates = categoricalCovariates
            self.segment = segment
            self.exact = exact
            self.matching = matching
            self.outliers = outliers
            self.controlReference = controlReference
            self.bootstrap = bootstrap
            self.level = level
            self.placeboDraws = placeboDraws
        }
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
    public let diagnostics: [String]
    /// Wall time of each step in seconds, in order (for `--timings` and `make bench`).
    public let timings: [(step: String, seconds: Double)]

    /// Each random step draws from its own MT19937 stream seeded from `seed` (matching order: seed,
    /// bootstrap: seed + 1, placebo treatments: seed + 2, clusters: seed + 3), so switching one step
    /// off or changing its size leaves the others' draws unchanged.
    public init(panel input: AccountPanel, settings: Settings, seed: UInt32) throws {
        let random = MersenneTwister(seed: seed)
        let bootstrapRandom = MersenneTwister(seed: seed &+ 1)
        let placeboRandom = MersenneTwister(seed: seed &+ 2)
        let clusterRandom = MersenneTwister(seed: seed &+ 3)
        var stopwatch = Stopwatch()
        let covariateColumns = settings.numericCovariates + settings.categoricalCovariates
        let baselineLabels = uniqueInOrder(
            settings.categoricalCovariates + [settings.segment].compactMap { $0 } + settings.exact)
        let unadjusted = try Baseline(
            panel: input, numeric: settings.numericCovariates, categorical: baselineLabels,
            controlReference: settings.controlReference)
        let reference = { (a: Int) in input.accounts[a].engagementMonth ?? unadjusted.controlReference }
        func labels(_ name: String, _ baseline: Baseline) -> [String] {
            guard case .categorical(_, let values)? = baseline.covariates.first(where: { $0.name == name }) else {
                return []
            }
            return values
        }
        let segments =
            settings.segment.map { labels($0, unadjusted) }
            ?? [String](repeating: "all", count: unadjusted.accounts.count)
        let (report, panel) = settings.outliers.apply(
            to: input, accounts: unadjusted.accounts, segments: segments,
            outcomes: settings.outcomes, reference: reference)
        // Winsorized outcomes feed the baseline covariates too, so the model sees the values the effect uses.
        let baseline =
            settings.outliers.mode == .winsorize
            ? try Baseline(
                panel: panel, numeric: settings.numericCovariates, categorical: baselineLabels,
                controlReference: settings.controlReference)
            : unadjusted
        let keep = baseline.accounts.indices.filter {
            settings.outliers.mode != .remove || !report.flaggedAccounts.contains(baseline.accounts[$0])
        }
        let accounts = keep.map { baseline.accounts[$0] }
        let covariates: [Covariate] = baseline.covariates.filter { covariateColumns.contains($0.name) }.map { c in
            switch c {
            case .numeric(let name, let values): return .numeric(name: name, values: keep.map { values[$0] })
            case .categorical(let name, let values): return .categorical(name: name, values: keep.map { values[$0] })
            }
        }
        let exactLabels = settings.exact.map { labels($0, baseline) }
        let exact = settings.exact.isEmpty ? nil : keep.map { i in exactLabels.map { $0[i] }.joined(separator: " / ") }
        let treated = accounts.map { panel.accounts[$0].engagementMonth != nil }
        stopwatch.lap("baseline and outliers")
        let matching = try MatchingAnalysis(
            covariates: covariates, treated: treated, outcomes: [], exact: exact, spec: settings.matching,
            level: settings.level, bootstrap: 0, random: random)

        stopwatch.lap("propensity, matching, balance")
        // Effects: each subclass compares months after its treated account's engagement month.
        let inUse = accounts
        let engagedMonth = { (unit: Int) in panel.accounts[inUse[unit]].engagementMonth! }
        var notes = matching.diagnostics
        // With replacement a control's outcome depends on its partner's month, so σ² is taken as constant.
        let standardError: MatchedStandardError =
            settings.matching.replace ? .abadieImbens(conditionalVariance: nil) : .pairCluster
        if settings.matching.replace, settings.bootstrap > 0 {
            notes.append(
                "no pair bootstrap: it is invalid for matching with replacement (Abadie & Imbens 2008); the SE is Abadie–Imbens"
            )
        }
        var effects: [MatchedEffect] = []
        var placebo: [MatchedEffect] = []
        for outcome in settings.outcomes {
            let post = Self.windowed(
                panel, accounts: inUse, matching.sample.subclasses, month: engagedMonth, outcome: outcome, post: true)
            if post.lost > 0 {
                notes.append(
                    "\(outcome): \(post.lost) matched pairs have no post-engagement months and are left out of the effect"
                )
            }
            effects.append(
                try MatchedEffectEstimator.estimate(
                    outcome: outcome, subclasses: post.values, level: settings.level,
                    standardError: standardError,
                    bootstrap: settings.matching.replace ? 0 : settings.bootstrap, random: bootstrapRandom))
            let pre = Self.windowed(
                panel, accounts: inUse, matching.sample.subclasses, month: engagedMonth, outcome: outcome, post: false)
            placebo.append(
                try MatchedEffectEstimator.estimate(
                    outcome: outcome, subclasses: pre.values, level: settings.level,
                    standardError: standardError))
        }
        stopwatch.lap("effects and bootstrap")
        // Breakdown by engagement type: the same pairs, split by the engaged account's type.
        var types: [EngagementTypeEffect] = []
        var small: [String] = []
        let typeOf = { (unit: Int) in panel.accounts[inUse[unit]].engagementType ?? "(none)" }
        for type in Set(matching.sample.subclasses.map { typeOf($0.treated) }).sorted(by: { $0.precedesInByteOrder($1) }
        ) {
            let subset = matching.sample.subclasses.filter { typeOf($0.treated) == type }
            guard subset.count >= EngagementTypeEffect.minimumPairs else {
                small.append("\(type) (\(subset.count))")
                continue
            }
            var typed: [MatchedEffect] = []
            for outcome in settings.outcomes {
                let values = Self.windowed(
                    panel, accounts: inUse, subset, month: engagedMonth, outcome: outcome, post: true
                ).values
                do {
                    typed.append(
                        try MatchedEffectEstimator.estimate(
                            outcome: outcome, subclasses: values, level: settings.level, standardError: standardError))
                } catch let error as ObservationalError {
                    notes.append("engagement type \(type): \(error.description)")
                }
            }
            types.append(EngagementTypeEffect(type: type, pairs: subset.count, effects: typed))
        }
        if !small.isEmpty, types.count + small.count > 1 {
            notes.append(
                "engagement types with fewer than \(EngagementTypeEffect.minimumPairs) matched pairs get no separate estimate: \(small.joined(separator: ", "))"
            )
        }
        stopwatch.lap("engagement types")
        let placeboDraws = try PlaceboDistribution.draw(
            settings.placeboDraws, panel: panel, accounts: inUse,
            distance: settings.matching.distance == .logit ? matching.propensity.logits : matching.propensity.scores,
            logits: matching.propensity.logits,
            treated: treated, exact: exact, spec: settings.matching,
            months: matching.sample.subclasses.map { engagedMonth($0.treated) },
            effects: effects, random: placeboRandom)
        stopwatch.lap("placebo treatments")
        // Difference-in-differences on the matched panel.
        var didSettings = DiDAnalysis.Settings()
        // `did` is every DiD on the matched panel (2×2, TWFE, event study, CS); the other two switch off one each.
        didSettings.estimators =
            !settings.steps.contains(.did)
            ? []
            : [(FollowUp.did, DiDAnalysis.Estimator.twfe), (.eventStudy, .eventStudy), (.cs, .cs)]
                .filter { settings.steps.contains($0.0) }.map(\.1)
        didSettings.binLeads = settings.binLeads
        didSettings.binLags = settings.binLags
        didSettings.convention = settings.convention
        didSettings.level = settings.level
        var did: [MatchedPanelDiD] = []
        if !didSettings.estimators.isEmpty {
            for outcome in settings.outcomes {
                do {
                    let result = try MatchedPanelDiD.estimate(
                        outcome: outcome, panel: panel, accounts: inUse, sample: matching.sample,
                        settings: didSettings, standardError: standardError)
                    did.append(result)
                    notes += result.panel.diagnostics.filter { !$0.hasPrefix("adoption is staggered") }.map {
                        "\(outcome), matched-panel DiD: \($0)"
                    }
                } catch let error as ObservationalError {
                    notes.append(
                        "\(outcome): the difference-in-differences could not be estimated: \(error.description)")
                }
            }
        }
        stopwatch.lap("DiD, event study, Callaway & Sant'Anna")
        // Account clusters: k-means on baseline features, the ATT per cluster.
        var clusters: AccountClusters?
        if settings.steps.contains(.clusters) {
            let columns = AccountClusters.baseColumns.filter { panel.numbers[$0] != nil }
            do {
                let featureBaseline = try Baseline(
                    panel: panel, numeric: columns, categorical: [], controlReference: settings.controlReference)
                let position = Dictionary(uniqueKeysWithValues: featureBaseline.accounts.enumerated().map { ($1, $0) })
                let units = inUse.indices.filter { position[inUse[$0]] != nil }
                if units.count < inUse.count {
                    notes.append(
                        "clusters: \(inUse.count - units.count) accounts without a baseline of every feature are not clustered"
                    )
                }
                var values: [String: [Double]] = [:]
                for case .numeric(let name, let column) in featureBaseline.covariates {
                    values[name] = units.map { column[position[inUse[$0]]!] }
                }
                clusters = try AccountClusters(
                    baseline: values,
                    effectOf: { members in
                        let inCluster = Set(zip(units, members).filter(\.1).map(\.0))
                        let subset = matching.sample.subclasses.filter { inCluster.contains($0.treated) }
                        return settings.outcomes.map { outcome in
                            guard subset.count >= EngagementTypeEffect.minimumPairs else { return nil }
                            let values = Self.windowed(
                                panel, accounts: inUse, subset, month: engagedMonth, outcome: outcome, post: true
                            ).values
                            return try? MatchedEffectEstimator.estimate(
                                outcome: outcome, subclasses: values, level: settings.level,
                                standardError: standardError)
                        }
                    }, k: settings.clusterCount, random: clusterRandom)
            } catch let error as ObservationalError {
                notes.append("clusters: \(error.description)")
            }
        }
        stopwatch.lap("clusters")
        // Sensitivity to hidden bias, and multiplicity across outcomes.
        var sensitivity: [MatchedSensitivity] = []
        if settings.steps.contains(.sensitivity) {
            for effect in effects {
                let values = Self.windowed(
                    panel, accounts: inUse, matching.sample.subclasses, month: engagedMonth, outcome: effect.outcome,
                    post: true
                ).values
                let differences = values.map(\.difference)
                do { sensitivity.append(try MatchedSensitivity(effect: effect, differences: differences)) } catch let
                    error as ObservationalError
                {
                    notes.append("\(effect.outcome): no Rosenbaum bounds: \(error.description)")
                }
            }
        }
        stopwatch.lap("sensitivity")
        let naive = settings.outcomes.compactMap { outcome -> NaiveComparison? in
            let engaged = inUse.filter { panel.accounts[$0].engagementMonth != nil }.compactMap { a in
                panel.mean(outcome, account: a, where: { $0 > panel.accounts[a].engagementMonth! })
            }
            let others = inUse.filter { panel.accounts[$0].engagementMonth == nil }.compactMap { a in
                panel.mean(outcome, account: a, where: { $0 >= baseline.controlReference })
            }
            guard !engaged.isEmpty, !others.isEmpty else { return nil }  // no post-period data on one side
            return NaiveComparison(
                outcome: outcome, engagedMean: engaged.reduce(0, +) / Double(engaged.count),
                comparisonMean: others.reduce(0, +) / Double(others.count))
        }
        if !baseline.dropped.isEmpty {
            notes.append(
                "\(baseline.dropped.count) accounts have no complete baseline and are left out (first: \(baseline.dropped[0].id), \(baseline.dropped[0].reason))"
            )
        }
        if settings.outliers.mode == .remove, !report.flaggedAccounts.isEmpty {
            notes.append(
                "outlier rule removed \(report.flaggedAccounts.count) accounts (\(report.flaggedAccounts.filter { panel.accounts[$0].engagementMonth != nil }.count) engaged)"
            )
        }
        stopwatch.lap("naive contrast")
        self.baseline = baseline
        timings = stopwatch.laps
        self.outlierReport = report
        self.accounts = accounts
        self.matching = matching
        self.effects = effects
        self.preperiodPlacebo = placebo
        self.placeboTreatments = placeboDraws
        self.byEngagementType = types
        self.did = did
        self.clusters = clusters
        self.sensitivity = sensitivity
        holm = MultipleTesting.holm(effects.map(\.pValue))
        benjaminiHochberg = MultipleTesting.benjaminiHochberg(effects.map(\.pValue))
        self.naive = naive
        self.diagnostics = notes
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
        for sub in subclasses {
            let m = month(sub.treated)
            let include = post ? { (month: Int) in month > m } : { (month: Int) in month < m }
            let controls = sub.controls.compactMap { c in
                panel.mean(outcome, account: accounts[c], where: include).map { (unit: c, value: $0) }
            }
            guard let t = panel.mean(outcome, account: accounts[sub.treated], where: include), !controls.isEmpty else {
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
    private(set) var laps: [(step: String, seconds: Double)] = []
    init() { last = clock.now }
    mutating func lap(_ step: String) {
        let now = clock.now
        let d = now - last
        laps.append((step, Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18))
        last = now
    }
}
