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
        public init(outcomes: [String], numericCovariates: [String], categoricalCovariates: [String], segment: String?,
                    exact: [String], matching: MatchingSpec, outliers: OutlierRule, controlReference: Int?, bootstrap: Int, level: Double) {
            self.outcomes = outcomes; self.numericCovariates = numericCovariates; self.categoricalCovariates = categoricalCovariates
            self.segment = segment; self.exact = exact; self.matching = matching; self.outliers = outliers
            self.controlReference = controlReference; self.bootstrap = bootstrap; self.level = level
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
    public let naive: [NaiveComparison]
    public let diagnostics: [String]

    public init(panel input: AccountPanel, settings: Settings, random: RandomSource) throws {
        let covariateColumns = settings.numericCovariates + settings.categoricalCovariates
        let baselineLabels = uniqueInOrder(settings.categoricalCovariates + [settings.segment].compactMap { $0 } + settings.exact)
        let unadjusted = try Baseline(panel: input, numeric: settings.numericCovariates, categorical: baselineLabels,
                                      controlReference: settings.controlReference)
        let reference = { (a: Int) in input.accounts[a].engagementMonth ?? unadjusted.controlReference }
        func labels(_ name: String, _ baseline: Baseline) -> [String] {
            guard case .categorical(_, let values)? = baseline.covariates.first(where: { $0.name == name }) else { return [] }
            return values
        }
        let segments = settings.segment.map { labels($0, unadjusted) } ?? [String](repeating: "all", count: unadjusted.accounts.count)
        let (report, panel) = settings.outliers.apply(to: input, accounts: unadjusted.accounts, segments: segments,
                                                      outcomes: settings.outcomes, reference: reference)
        // Winsorized outcomes feed the baseline covariates too, so the model sees the values the effect uses.
        let baseline = settings.outliers.mode == .winsorize
            ? try Baseline(panel: panel, numeric: settings.numericCovariates, categorical: baselineLabels, controlReference: settings.controlReference)
            : unadjusted
        let keep = baseline.accounts.indices.filter { settings.outliers.mode != .remove || !report.flaggedAccounts.contains(baseline.accounts[$0]) }
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
        let matching = try MatchingAnalysis(covariates: covariates, treated: treated, outcomes: [], exact: exact, spec: settings.matching,
                                        level: settings.level, bootstrap: 0, random: random)

        // Effects: each subclass compares months after its treated account's engagement month.
        let accountsInUse = accounts
        func windowed(_ outcome: String, post: Bool) -> (values: [(treated: Double, controls: [Double])], controls: Int, lost: Int) {
            var values: [(Double, [Double])] = [], used = Set<Int>(), lost = 0
            for sub in matching.sample.subclasses {
                let m = panel.accounts[accountsInUse[sub.treated]].engagementMonth!
                let include = post ? { (month: Int) in month > m } : { (month: Int) in month < m }
                let controls = sub.controls.compactMap { c in panel.mean(outcome, account: accountsInUse[c], where: include).map { (c, $0) } }
                guard let t = panel.mean(outcome, account: accountsInUse[sub.treated], where: include), !controls.isEmpty else { lost += 1; continue }
                values.append((t, controls.map(\.1)))
                used.formUnion(controls.map(\.0))
            }
            return (values, used.count, lost)
        }
        var notes = matching.diagnostics
        var effects: [MatchedEffect] = [], placebo: [MatchedEffect] = []
        for outcome in settings.outcomes {
            let post = windowed(outcome, post: true)
            if post.lost > 0 { notes.append("\(outcome): \(post.lost) matched pairs have no post-engagement months and are left out of the effect") }
            effects.append(try MatchedEffectEstimator.estimate(outcome: outcome, subclasses: post.values, controlsUsed: post.controls,
                                                               level: settings.level, bootstrap: settings.bootstrap, random: random))
            let pre = windowed(outcome, post: false)
            placebo.append(try MatchedEffectEstimator.estimate(outcome: outcome, subclasses: pre.values, controlsUsed: pre.controls,
                                                               level: settings.level))
        }
        let naive = settings.outcomes.compactMap { outcome -> NaiveComparison? in
            let engaged = accountsInUse.filter { panel.accounts[$0].engagementMonth != nil }.compactMap { a in
                panel.mean(outcome, account: a, where: { $0 > panel.accounts[a].engagementMonth! })
            }
            let others = accountsInUse.filter { panel.accounts[$0].engagementMonth == nil }.compactMap { a in
                panel.mean(outcome, account: a, where: { $0 >= baseline.controlReference })
            }
            guard !engaged.isEmpty, !others.isEmpty else { return nil } // no post-period data on one side
            return NaiveComparison(outcome: outcome, engagedMean: engaged.reduce(0, +) / Double(engaged.count),
                                   comparisonMean: others.reduce(0, +) / Double(others.count))
        }
        if !baseline.dropped.isEmpty { notes.append("\(baseline.dropped.count) accounts have no complete baseline and are left out (first: \(baseline.dropped[0].id), \(baseline.dropped[0].reason))") }
        if settings.outliers.mode == .remove, !report.flaggedAccounts.isEmpty {
            notes.append("outlier rule removed \(report.flaggedAccounts.count) accounts (\(report.flaggedAccounts.filter { panel.accounts[$0].engagementMonth != nil }.count) engaged)")
        }
        self.baseline = baseline
        self.outlierReport = report
        self.accounts = accounts
        self.matching = matching
        self.effects = effects
        self.preperiodPlacebo = placebo
        self.naive = naive
        self.diagnostics = notes
    }
}

/// The elements in first-seen order without repeats.
func uniqueInOrder(_ values: [String]) -> [String] {
    var seen = Set<String>()
    return values.filter { seen.insert($0).inserted }
}
