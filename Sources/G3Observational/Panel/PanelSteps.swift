import G3Stats

extension PanelAnalysis {
    /// Step 1: baseline covariates, the outlier rule, and the accounts, covariates and exact strata that
    /// go into matching.
    struct Prepared {
        let baseline: Baseline
        let report: OutlierReport
        /// The panel after the outlier rule (winsorized values when it winsorizes).
        let panel: AccountPanel
        /// Panel indices of the accounts in the matching.
        let accounts: [Int]
        let covariates: [Covariate]
        let exact: [String]?
        let treated: [Bool]

        init(_ input: AccountPanel, settings: Settings) throws {
            let covariateColumns = settings.numericCovariates + settings.categoricalCovariates
            let baselineLabels = uniqueInOrder(
                settings.categoricalCovariates + [settings.segment].compactMap { $0 } + settings.exact)
            let unadjusted = try Baseline(
                panel: input, numeric: settings.numericCovariates, categorical: baselineLabels,
                controlReference: settings.controlReference)
            let reference = { (a: Int) in input.accounts[a].engagementMonth ?? unadjusted.controlReference }
            let segments =
                settings.segment.map { Self.labels($0, unadjusted) }
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
            accounts = keep.map { baseline.accounts[$0] }
            // Without accounts removed the baseline's columns are shared, not copied (0.5 GB at 100×).
            let removes = keep.count < baseline.accounts.count
            covariates = baseline.covariates.filter { covariateColumns.contains($0.name) }.map { c in
                switch c {
                case .numeric(let name, let values) where removes:
                    return .numeric(name: name, values: keep.map { values[$0] })
                case .categorical(let name, let values) where removes:
                    return .categorical(name: name, values: values.gathered(keep))
                default: return c
                }
            }
            let exactLabels = settings.exact.map { Self.labels($0, baseline) }
            exact = settings.exact.isEmpty ? nil : keep.map { i in exactLabels.map { $0[i] }.joined(separator: " / ") }
            treated = accounts.map { panel.accounts[$0].engagementMonth != nil }
            self.baseline = baseline
            self.report = report
            self.panel = panel
        }

        /// A categorical baseline column's values, one per baseline account.
        static func labels(_ name: String, _ baseline: Baseline) -> [String] {
            guard case .categorical(_, let values)? = baseline.covariates.first(where: { $0.name == name }) else {
                return []
            }
            return values.map { $0 ?? "" }
        }

        /// What the baseline and the outlier rule left out.
        func notes(_ settings: Settings) -> [Diagnostic] {
            var notes: [Diagnostic] = []
            if let first = baseline.firstDropped {
                notes.append(
                    Diagnostic(
                        .data, .info, subject: "baseline",
                        "\(baseline.droppedCount) accounts have no complete baseline and are left out (first: \(first.id), \(first.reason))"
                    ))
            }
            if settings.outliers.mode == .remove, !report.flaggedAccounts.isEmpty {
                let engaged = report.flaggedAccounts.filter { panel.accounts[$0].engagementMonth != nil }.count
                notes.append(
                    Diagnostic(
                        .outliers, .info,
                        "outlier rule removed \(report.flaggedAccounts.count) accounts (\(engaged) engaged)"))
            }
            return notes
        }
    }

    /// What `MatchedContext.panelSteps` gives.
    struct PanelSteps: Sendable {
        let did: [MatchedPanelDiD]
        let clusters: AccountClusters?
        let naive: [NaiveComparison]
        let notes: [Diagnostic]
        let laps: [(step: String, seconds: Double, peakMB: Int)]
    }

    /// What the steps after matching share: the panel, the matched accounts and subclasses, and the SE.
    struct MatchedContext {
        let panel: AccountPanel
        /// Panel indices of the matched units (matching indices into this array).
        let accounts: [Int]
        let sample: MatchedSample
        var subclasses: [MatchedSample.Subclass] { sample.subclasses }
        let outcomes: [String]
        let level: Double
        let controlReference: Int
        let replace: Bool
        /// The matching's covariates, one value per unit.
        let covariates: [Covariate]
        /// With replacement a control's outcome depends on its partner's month, so σ² is taken as constant.
        var standardError: MatchedStandardError { replace ? .abadieImbens(conditionalVariance: nil) : .pairCluster }

        init(prepared: Prepared, matching: MatchingAnalysis, settings: Settings) {
            panel = prepared.panel
            accounts = prepared.accounts
            sample = matching.sample
            outcomes = settings.outcomes
            level = settings.level
            controlReference = prepared.baseline.controlReference
            replace = settings.matching.replace
            covariates = prepared.covariates
        }

        /// The engagement month of a matched treated unit (controls inherit it).
        func engagedMonth(_ unit: Int) -> Int { panel.accounts[accounts[unit]].engagementMonth ?? controlReference }

        func windowed(_ subset: [MatchedSample.Subclass], outcome: String, post: Bool) -> (
            values: [SubclassOutcome], lost: Int
        ) {
            PanelAnalysis.windowed(panel, accounts: accounts, subset, month: engagedMonth, outcome: outcome, post: post)
        }

        /// The post-engagement ATT of a subset of subclasses.
        func effect(_ subset: [MatchedSample.Subclass], outcome: String) throws -> MatchedEffect {
            try MatchedEffectEstimator.estimate(
                outcome: outcome, subclasses: windowed(subset, outcome: outcome, post: true).values, level: level,
                standardError: standardError)
        }

        /// Step 3: the ATT over each engaged account's own post-engagement months (with the pair
        /// bootstrap), and the same estimator before engagement as a placebo.
        func effects(bootstrap: Int, random: RandomSource, notes: inout [Diagnostic]) throws -> (
            [MatchedEffect], [MatchedEffect]
        ) {
            if replace, bootstrap > 0 {
                notes.append(
                    Diagnostic(
                        .skipped, .info, subject: "bootstrap",
                        "no pair bootstrap: it is invalid for matching with replacement (Abadie & Imbens 2008); the SE is Abadie–Imbens"
                    ))
            }
            var effects: [MatchedEffect] = []
            var placebo: [MatchedEffect] = []
            for outcome in outcomes {
                let post = windowed(subclasses, outcome: outcome, post: true)
                if post.lost > 0 {
                    notes.append(
                        Diagnostic(
                            .data, .info, subject: outcome,
                            "\(outcome): \(post.lost) matched pairs have no post-engagement months and are left out of the effect"
                        ))
                }
                effects.append(
                    try MatchedEffectEstimator.estimate(
                        outcome: outcome, subclasses: post.values, level: level, standardError: standardError,
                        bootstrap: replace ? 0 : bootstrap, random: random))
                let pre = windowed(subclasses, outcome: outcome, post: false)
                placebo.append(
                    try MatchedEffectEstimator.estimate(
                        outcome: outcome, subclasses: pre.values, level: level, standardError: standardError))
            }
            return (effects, placebo)
        }

        /// Step 4: the same pairs split by the engaged account's engagement type.
        func engagementTypes(notes: inout [Diagnostic]) -> [EngagementTypeEffect] {
            var types: [EngagementTypeEffect] = []
            var small: [String] = []
            let typeOf = { (unit: Int) in panel.engagementType(of: panel.accounts[accounts[unit]]) ?? "(none)" }
            let names = Set(subclasses.map { typeOf($0.treated) }).sorted { $0.precedesInByteOrder($1) }
            for type in names {
                let subset = subclasses.filter { typeOf($0.treated) == type }
                guard subset.count >= EngagementTypeEffect.minimumPairs else {
                    small.append("\(type) (\(subset.count))")
                    continue
                }
                var typed: [MatchedEffect] = []
                for outcome in outcomes {
                    do { typed.append(try effect(subset, outcome: outcome)) } catch {
                        notes.append(
                            Diagnostic(.skipped, .info, subject: type, "engagement type \(type): \(error)"))
                    }
                }
                types.append(EngagementTypeEffect(type: type, pairs: subset.count, effects: typed))
            }
            if !small.isEmpty, types.count + small.count > 1 {
                notes.append(
                    Diagnostic(
                        .skipped, .info, subject: "engagement types",
                        "engagement types with fewer than \(EngagementTypeEffect.minimumPairs) matched pairs get no separate estimate: \(small.joined(separator: ", "))"
                    ))
            }
            return types
        }

        /// Steps 6, 7 and 9, which need neither the effects nor one another: the matched panel's DiD,
        /// the clusters (their own generator, seeded `seed + 3`) and the naive contrast, with their notes
        /// and wall times, for `PanelAnalysis` to run beside the effects and the placebo draws.
        func panelSteps(settings: Settings, seed: UInt32) -> PanelSteps {
            var watch = Stopwatch()
            var notes: [Diagnostic] = []
            let did = matchedDiD(settings: settings, notes: &notes)
            watch.lap("DiD, event study, Callaway & Sant'Anna")
            let clusters =
                settings.steps.contains(.clusters)
                ? accountClusters(settings: settings, random: MersenneTwister(seed: seed &+ 3), notes: &notes) : nil
            watch.lap("clusters")
            let naive = naiveComparisons()
            watch.lap("naive contrast")
            return PanelSteps(did: did, clusters: clusters, naive: naive, notes: notes, laps: watch.laps)
        }

        /// Step 6: difference-in-differences on the matched panel. `did` is every DiD (2×2, TWFE,
        /// event study, CS); `event-study` and `cs` switch off one each.
        func matchedDiD(settings: Settings, notes: inout [Diagnostic]) -> [MatchedPanelDiD] {
            var didSettings = DiDAnalysis.Settings()
            didSettings.estimators =
                !settings.steps.contains(.did)
                ? []
                : [(FollowUp.did, DiDAnalysis.Estimator.twfe), (.eventStudy, .eventStudy), (.cs, .cs)]
                    .filter { settings.steps.contains($0.0) }.map(\.1)
            guard !didSettings.estimators.isEmpty else { return [] }
            didSettings.binLeads = settings.binLeads
            didSettings.binLags = settings.binLags
            didSettings.convention = settings.convention
            didSettings.level = settings.level
            var did: [MatchedPanelDiD] = []
            for outcome in outcomes {
                do {
                    let result = try MatchedPanelDiD.estimate(
                        outcome: outcome, panel: panel, accounts: accounts, sample: sample,
                        settings: didSettings, standardError: standardError)
                    did.append(result)
                    // Each engaged account's own month: the staggered-adoption caveat of a plain TWFE does not apply.
                    notes += result.panel.diagnostics.filter { $0.kind != .staggeredAdoption }.map {
                        $0.about(outcome, prefix: "\(outcome), matched-panel DiD: ")
                    }
                } catch {
                    notes.append(
                        Diagnostic(
                            .skipped, .warning, subject: outcome,
                            "\(outcome): the difference-in-differences could not be estimated: \(error)"))
                }
            }
            return did
        }

        /// Step 7: k-means account clusters on baseline features, and the ATT per cluster.
        func accountClusters(settings: Settings, random: RandomSource, notes: inout [Diagnostic]) -> AccountClusters? {
            do {
                let (units, values) = try clusterFeatures(settings: settings)
                if units.count < accounts.count {
                    notes.append(
                        Diagnostic(
                            .data, .info, subject: "clusters",
                            "clusters: \(accounts.count - units.count) accounts without a baseline of every feature are not clustered"
                        ))
                }
                return try AccountClusters(
                    baseline: values,
                    effectOf: { members in
                        var inCluster = [Bool](repeating: false, count: accounts.count)
                        for (unit, member) in zip(units, members) { inCluster[unit] = member }
                        let subset = subclasses.filter { inCluster[$0.treated] }
                        return outcomes.map { outcome in
                            guard subset.count >= EngagementTypeEffect.minimumPairs else { return nil }
                            return try? effect(subset, outcome: outcome)
                        }
                    }, k: settings.clusterCount, random: random)
            } catch {
                notes.append(Diagnostic(.skipped, .info, subject: "clusters", "clusters: \(error)"))
            }
            return nil
        }

        /// The clusters' base columns' baselines (`AccountClusters.baseColumns` that the panel has) of
        /// the matching's units that have every one (`units`, indices into `accounts`): the matching's
        /// own covariates when they hold them all (the same means of the same months, for every unit),
        /// else reduced from the panel.
        func clusterFeatures(settings: Settings) throws -> (units: [Int], values: [String: [Double]]) {
            let columns = AccountClusters.baseColumns.filter(panel.hasNumbers)
            var known: [String: [Double]] = [:]
            for case .numeric(let name, let values) in covariates { known[name] = values }
            if columns.allSatisfy({ known[$0] != nil }) {
                return (Array(accounts.indices), known.filter { columns.contains($0.key) })
            }
            let features = try Baseline(
                panel: panel, numeric: columns, categorical: [], controlReference: settings.controlReference,
                among: accounts)
            // The units with a baseline of every feature: `features.accounts` in the same order.
            var units: [Int] = []
            units.reserveCapacity(features.accounts.count)
            for (unit, account) in accounts.enumerated()
            where units.count < features.accounts.count && features.accounts[units.count] == account {
                units.append(unit)
            }
            var values: [String: [Double]] = [:]
            for case .numeric(let name, let column) in features.covariates { values[name] = column }
            return (units, values)
        }

        /// Step 8: Rosenbaum bounds and E-values of each matched ATT.
        func sensitivity(of effects: [MatchedEffect], notes: inout [Diagnostic]) -> [MatchedSensitivity] {
            var sensitivity: [MatchedSensitivity] = []
            for effect in effects {
                let differences = windowed(subclasses, outcome: effect.outcome, post: true).values.map(\.difference)
                do { sensitivity.append(try MatchedSensitivity(effect: effect, differences: differences)) } catch {
                    notes.append(
                        Diagnostic(
                            .skipped, .info, subject: effect.outcome, "\(effect.outcome): no Rosenbaum bounds: \(error)"
                        ))
                }
            }
            return sensitivity
        }

        /// Step 9: engaged accounts' post-engagement mean against never-engaged accounts' mean after the
        /// baseline window (what the original analysis reported).
        func naiveComparisons() -> [NaiveComparison] {
            outcomes.compactMap { outcome -> NaiveComparison? in
                let engaged = accounts.compactMap { a -> Double? in
                    guard let m = panel.accounts[a].engagementMonth else { return nil }
                    return panel.mean(outcome, account: a, where: { $0 > m })
                }
                let others = accounts.filter { panel.accounts[$0].engagementMonth == nil }.compactMap { a in
                    panel.mean(outcome, account: a, where: { $0 >= controlReference })
                }
                guard !engaged.isEmpty, !others.isEmpty else { return nil }  // no post-period data on one side
                return NaiveComparison(
                    outcome: outcome, engagedMean: engaged.reduce(0, +) / Double(engaged.count),
                    comparisonMean: others.reduce(0, +) / Double(others.count))
            }
        }
    }
}
