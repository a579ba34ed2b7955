import Foundation
import G3Stats
import G3TestSupport
import Testing

@testable import G3Design

/// Issue 16, item 3: simulated power on the accounts' history. Lin arm by arm equals `lm_lin`; on a
/// history with normal outcomes the simulated power of every estimator lies within 2 Monte Carlo
/// SEs of the analytic power, its intervals cover at their level and its bias is nil.
@Suite struct DesignSimulationTests {
    /// Lin's fit arm by arm against `estimatr::lm_lin` (Fixtures/reference/adjustment/lm_lin.R) on
    /// Fixtures/rct/trial.csv, with and without blocks, to 1e-8 (relative).
    @Test func linByArmEqualsLmLin() throws {
        let t = try CovariateAdjustmentTests.trial()
        let reference = try ReferenceTable("adjustment/lm_lin.csv").rows
        let arms = t.z.map { $0 ? 1 : 0 }
        let blocks = ArmComparison.indicators(t.block)
        for (method, columns) in [
            ("lin_baseline", [t.x]), ("lin_baseline_blocks", [t.x] + blocks), ("lin_blocks", blocks)
        ] {
            let r = try #require(reference.first { $0["method"] == method })
            let centred = columns.map { c in c.map { $0 - c.reduce(0, +) / Double(c.count) } }
            let rows = t.y.indices.flatMap { i in centred.map { $0[i] } }
            let e = try LinByArm.estimate(
                outcome: t.y, arms: arms, covariates: rows, width: columns.count, confidenceLevel: 0.95)
            for (value, key) in [(e.estimate, "estimate"), (e.standardError, "std_error"), (e.degreesOfFreedom, "df")] {
                let expected = try #require(r.number(key))
                #expect(abs(value - expected) <= 1e-8 * max(1, abs(expected)), "\(method) \(key)")
            }
        }
    }

    /// A history with normal outcomes: account level a ~ N(0, 1), monthly noise N(0, 6) so that a
    /// 6-month mean has noise variance 1; Y = 10 + a + ē_post, X = 10 + a + ē_pre (r = 0.5), the
    /// covariate a + N(0, 1) (R² = 0.25) and an uninformative stratum.
    static func normalHistory(accounts: Int = 2_000, seed: UInt32 = 7) throws -> (SimulationAccounts, OutcomeHistory) {
        let random = MersenneTwister(seed: seed)
        var series: [[Double]] = []
        var covariate: [Double] = []
        var strata: [String] = []
        for _ in 0..<accounts {
            let a = random.normal()
            series.append((0..<12).map { _ in 10 + a + 6.0.squareRoot() * random.normal() })
            covariate.append(a + random.normal())
            strata.append(random.uniform() < 0.5 ? "A" : "B")
        }
        let pool = try SimulationAccounts(
            series: series, baselineMonths: 6, covariates: [covariate], strata: strata, balance: [])
        let history = try OutcomeHistory(series: series, baselineMonths: 6, followUpMonths: 6, covariates: [covariate])
        return (pool, history)
    }

    @Test(arguments: [InjectedEffect.additive(0.14), .multiplicative(0.014)])
    func simulatedPowerMatchesAnalyticOnNormalOutcomes(effect: InjectedEffect) throws {
        let (pool, history) = try Self.normalHistory()
        var settings = DesignSimulation.Settings()
        settings.replications = 1_000
        settings.seed = 20_261_130
        settings.effect = effect
        let randomizer = try StratifiedRandomizer(arms: [
            .init(name: "control", share: 0.5), .init(name: "g3", share: 0.5)
        ])
        var simulation = try DesignSimulation(accounts: pool, randomizer: randomizer, settings: settings)
        try simulation.compare(with: history, shaping: "strata")
        for s in simulation.summaries {
            let power = try #require(s.power)
            let analytic = try #require(s.analyticPower)
            let se = try #require(s.powerSE)
            #expect(analytic > 0.4 && analytic < 0.9, "\(s.estimator): a power where the check has teeth")
            #expect(abs(power - analytic) <= 2 * se, "\(s.estimator): simulated \(power) ± \(se), analytic \(analytic)")
            let coverage = try #require(s.coverage)
            let coverageSE: Double = (0.95 * 0.05 / 1_000).squareRoot()
            #expect(abs(coverage - 0.95) <= 2 * coverageSE, "\(s.estimator): coverage \(coverage)")
            let bias = try #require(s.bias)
            let biasSE = try #require(s.biasSE)
            #expect(abs(bias) <= 3 * biasSE, "\(s.estimator): bias \(bias) ± \(biasSE)")
            #expect(s.failures == 0)
            #expect(s.diagnostics.isEmpty, "\(s.diagnostics)")
        }
    }

    /// With c = 1 the analytic power is `HistoryPlan`'s: the same variance factors.
    @Test func analyticPowerAgreesWithTheHistoryPlan() throws {
        let (_, history) = try Self.normalHistory(accounts: 500)
        let design = try PowerDesign(alpha: 0.05, sides: .two, ratio: 1)
        let plan = try HistoryPlan(history: history, effect: 0.2, targetPower: nil, nPerArm: 400, design: design)
        for estimator in DesignSimulation.Estimator.allCases {
            let analytic = try #require(
                try AnalyticArmPower.power(
                    estimator, history: history, effect: .additive(0.2), nTreatment: 400, nControl: 400, alpha: 0.05))
            let row = try #require(plan.rows.first { $0.estimator == estimator.planned })
            #expect(abs(analytic - (row.power ?? -1)) < 1e-9, "\(estimator)")
        }
    }

    /// The same seed gives the same replications; re-randomization is repeated in each one.
    @Test func seededAndRerandomized() throws {
        let (pool, _) = try Self.normalHistory(accounts: 300)
        var settings = DesignSimulation.Settings()
        settings.replications = 40
        let rule = RerandomizationRule(acceptanceProbability: 0.1, maxDraws: 1_000)
        let randomizer = try StratifiedRandomizer(
            arms: [.init(name: "control", share: 0.6), .init(name: "g3", share: 0.4)], rerandomization: rule)
        let balanced = try SimulationAccounts(
            series: (0..<300).map { i in (0..<12).map { Double(($0 * 7 + i * 13) % 17) } }, baselineMonths: 6,
            covariates: [], strata: (0..<300).map { $0 % 3 == 0 ? "x" : "y" },
            balance: [(0..<300).map { Double(($0 * 31) % 11) }])
        let first = try DesignSimulation(accounts: balanced, randomizer: randomizer, settings: settings)
        let second = try DesignSimulation(accounts: balanced, randomizer: randomizer, settings: settings)
        #expect(first.summaries.map(\.bias) == second.summaries.map(\.bias))
        #expect(first.meanDraws > 3, "acceptance 0.1 needs about 10 draws a replication")
        #expect(first.shares == [0.6, 0.4])
        _ = pool
    }
}
