import Foundation
import G3Data
import G3Stats
import G3TestSupport
import Testing

@testable import G3Observational

/// Issue 15, item 3: each step of the panel analysis against pandas, numpy and statsmodels
/// (Fixtures/reference/steps/steps.py → steps.csv) on the simulator's seed-schema fixture.
@Suite struct PanelStepTests {
    let panel: AccountPanel
    let baseline: Baseline

    init() throws {
        panel = try SimulatedPanel.load()
        baseline = try Baseline(panel: panel, numeric: SeedSchema.numeric, categorical: SeedSchema.categorical)
    }

    func reference(_ step: String, _ key: String) throws -> Double {
        try #require(SimulatedPanel.reference(step, key), "no reference \(step) \(key)")
    }

    /// steps.py: means of the months before each account's engagement (never engaged: before the first
    /// engagement), 586 accounts kept, 14 dropped; agreement to 1e-10 (relative).
    @Test func baselineMeansAgreeWithPandas() throws {
        #expect(Double(baseline.controlReference) == (try reference("baseline", "control_reference")))
        #expect(Double(baseline.accounts.count) == (try reference("baseline", "kept")))
        #expect(Double(baseline.droppedCount) == (try reference("baseline", "dropped")))
        for case .numeric(let name, let values) in baseline.covariates {
            let mean = values.reduce(0, +) / Double(values.count)
            let expected = try reference("baseline", "mean_of_\(name)")
            #expect(abs(mean / expected - 1) < 1e-10, "\(name): \(mean) vs \(expected)")
        }
        let security = try #require(
            baseline.covariates.first { $0.name == SeedSchema.securityRevenue }.flatMap { c -> [Double]? in
                if case .numeric(_, let v) = c { return v }
                return nil
            })
        for (i, account) in baseline.accounts.prefix(3).enumerated() {
            let expected = try reference("baseline", "\(panel.accounts[account].id)_ttl_security_rev")
            #expect(abs(security[i] - expected) < 1e-9)
        }
    }

    /// steps.py: the segment IQR fences (numpy's type-7 quantiles, k = 2.5) and the flagged counts.
    @Test func outlierFencesAgreeWithNumpy() throws {
        let segmentColumn = try #require(baseline.covariates.first { $0.name == SeedSchema.segment })
        guard case .categorical(_, let segments) = segmentColumn else {
            Issue.record("the segment is not categorical")
            return
        }
        let start = try #require(baseline.controlReference as Int?)
        let (report, _) = OutlierRule(mode: .none).apply(
            to: panel, accounts: baseline.accounts, segments: segments.map { $0 ?? "" }, outcomes: SeedSchema.outcomes,
            reference: { panel.accounts[$0].engagementMonth ?? start })
        #expect(report.cells.count == 6)
        for cell in report.cells {
            let key = "\(cell.segment)_\(cell.outcome)"
            #expect(abs(cell.low - (try reference("outliers", "\(key)_low"))) < 1e-8, "\(key) low")
            #expect(abs(cell.high - (try reference("outliers", "\(key)_high"))) < 1e-8, "\(key) high")
            #expect(Double(cell.flagged) == (try reference("outliers", "\(key)_flagged")), "\(key) flagged")
        }
    }

    /// steps.py: OLS of the pairs' changes on the treated indicator, CR1 by pair (statsmodels), on
    /// fixed pairs (the i-th engaged account with the i-th never-engaged one).
    @Test func matchedTwoByTwoAgreesWithStatsmodels() throws {
        let treated = baseline.accounts.indices.filter { panel.accounts[baseline.accounts[$0]].engagementMonth != nil }
        let controls = baseline.accounts.indices.filter { panel.accounts[baseline.accounts[$0]].engagementMonth == nil }
        let sample = MatchedSample(
            subclasses: zip(treated, controls).map { .init(treated: $0, controls: [$1]) }, unmatchedTreated: [],
            outsideSupport: (0, 0), caliperWidth: nil, units: baseline.accounts.count)
        var settings = DiDAnalysis.Settings()
        settings.estimators = [.twfe]
        for outcome in SeedSchema.outcomes {
            let did = try MatchedPanelDiD.estimate(
                outcome: outcome, panel: panel, accounts: baseline.accounts, sample: sample, settings: settings,
                standardError: .pairCluster)
            #expect(Double(did.twoByTwo.nTreated) == (try reference("did2x2", "\(outcome)_pairs")))
            let estimate = try reference("did2x2", "\(outcome)_estimate")
            let se = try reference("did2x2", "\(outcome)_se")
            #expect(abs(did.twoByTwo.estimate / estimate - 1) < 1e-10, "\(outcome) estimate")
            #expect(abs(did.twoByTwo.standardError / se - 1) < 1e-10, "\(outcome) SE")
            #expect(did.twoByTwo.degreesOfFreedom == Double(did.twoByTwo.nTreated - 1))
        }
    }

    /// steps.py: the naive contrast (engaged after their month against never-engaged from the first
    /// engagement on), and the whole analysis recovering the simulator's truth (truth.json).
    @Test func panelAnalysisAgreesWithPandasAndRecoversTheTruth() throws {
        let analysis = try PanelAnalysis(panel: panel, settings: PanelAnalysis.Settings(), seed: 7)
        #expect(analysis.accounts == baseline.accounts)
        for n in analysis.naive {
            let engaged = try reference("naive", "\(n.outcome)_engaged_mean")
            let comparison = try reference("naive", "\(n.outcome)_comparison_mean")
            #expect(abs(n.engagedMean / engaged - 1) < 1e-10 && abs(n.comparisonMean / comparison - 1) < 1e-10)
        }
        // truth.json of `simulate --customers 600 --engaged 40 --seed 7`: the true ATT per outcome.
        let truth = ["ttl_security_rev": 577.5429105857008, "ttl_sls_rev": 1659.2516328978763]
        for d in analysis.did {
            let e = d.twoByTwo
            let att = try #require(truth[d.outcome])
            #expect(e.ciLow <= att && att <= e.ciHigh, "\(d.outcome): [\(e.ciLow), \(e.ciHigh)] misses \(att)")
        }
        #expect(analysis.diagnostics.allSatisfy { !$0.message.isEmpty })
    }

    /// steps.py: draws 100·sin(i), i = 1…199: mean, SD, the central 95% (numpy's type 7) and
    /// p = (1 + #{|draw| ≥ |ATT|}) / (1 + draws).
    @Test func placeboDistributionAgreesWithNumpy() throws {
        let draws = (1...199).map { 100 * sin(Double($0)) }
        let strong = PlaceboDistribution(outcome: "y", estimate: 150, draws: draws, failedDraws: 0)
        let weak = PlaceboDistribution(outcome: "y", estimate: -60, draws: draws, failedDraws: 0)
        #expect(abs(strong.mean - (try reference("placebo", "mean"))) < 1e-10)
        #expect(abs(strong.standardDeviation - (try reference("placebo", "sd"))) < 1e-10)
        let range = strong.interval(level: 0.95)
        #expect(abs(range.low - (try reference("placebo", "low_95"))) < 1e-10)
        #expect(abs(range.high - (try reference("placebo", "high_95"))) < 1e-10)
        #expect(abs(strong.pValue - (try reference("placebo", "p_value"))) < 1e-12)
        #expect(abs(weak.pValue - (try reference("placebo", "p_value_att_60"))) < 1e-12)
    }

    /// steps.py: effect 120 (−30 to 270) per account-month, 40 accounts, 12 months, margin 0.6, cost 50,000.
    @Test func programReturnFollowsItsFormula() throws {
        let r = try ProgramReturn(
            effect: 120, effectLow: -30, effectHigh: 270, accounts: 40, months: 12, margin: 0.6, cost: 50_000)
        #expect(abs(r.incremental - (try reference("roi", "incremental"))) < 1e-9)
        #expect(abs(r.roi - (try reference("roi", "roi"))) < 1e-12)
        #expect(abs(r.incrementalInterval.low - (try reference("roi", "incremental_low"))) < 1e-9)
        #expect(abs(r.incrementalInterval.high - (try reference("roi", "incremental_high"))) < 1e-9)
        #expect(abs(r.roiInterval.low - (try reference("roi", "roi_low"))) < 1e-12)
        #expect(abs(r.roiInterval.high - (try reference("roi", "roi_high"))) < 1e-12)
        #expect(abs(r.breakEvenEffect - (try reference("roi", "break_even_effect"))) < 1e-9)
        #expect(r.verdict == .undetermined)
        #expect(throws: ObservationalError.self) {
            try ProgramReturn(effect: 1, effectLow: 2, effectHigh: 3, accounts: 1, cost: 1)
        }
    }

    /// steps.py: the derived features (shares, logs, service count) over the baselines; the clusters
    /// partition the accounts, are numbered by size, profile their members and Holm-adjust across clusters.
    @Test func accountClustersAgreeWithNumpy() throws {
        var columns: [String: [Double]] = [:]
        for case .numeric(let name, let values) in baseline.covariates { columns[name] = values }
        let features = Dictionary(
            AccountClusters.features(baseline: columns).map { f in (f.name, (0..<f.count).map { f[$0] }) }
        ) { first, _ in first }
        for name in ["security_share", "resiliency_share", "log_ttl_sls_rev", "log_ttl_security_rev", "services_count"]
        {
            let values = try #require(features[name], "no feature \(name)")
            let mean = values.reduce(0, +) / Double(values.count)
            #expect(abs(mean / (try reference("clusters", "mean_\(name)")) - 1) < 1e-10, "\(name)")
        }
        let effect = { (members: [Bool]) -> [MatchedEffect?] in
            let subclasses = members.enumerated().filter(\.1).map { i, _ in
                SubclassOutcome(treated: Double(i % 7), controls: [(unit: i, value: Double(i % 5))])
            }
            return [try? MatchedEffectEstimator.estimate(outcome: "y", subclasses: subclasses, level: 0.95)]
        }
        let clusters = try AccountClusters(
            baseline: columns, effectOf: effect, k: 3, random: MersenneTwister(seed: 11))
        #expect(clusters.k == 3 && clusters.silhouette == nil)
        #expect(clusters.clusters.map(\.size).reduce(0, +) == baseline.accounts.count)
        #expect(clusters.clusters.map(\.label) == [1, 2, 3])
        #expect(zip(clusters.clusters, clusters.clusters.dropFirst()).allSatisfy { $0.size >= $1.size })
        let p = clusters.clusters.compactMap { $0.effects[0]?.pValue }
        #expect(clusters.clusters.compactMap { $0.holm[0] } == MultipleTesting.holm(p))
        #expect(throws: ObservationalError.self) {
            try AccountClusters(baseline: columns, effectOf: effect, k: 1, random: MersenneTwister(seed: 11))
        }
    }
}
