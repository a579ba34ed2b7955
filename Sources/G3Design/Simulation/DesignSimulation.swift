import G3Stats

/// Simulated power of a randomized design on the accounts' own history (issue 16): each replication
/// resamples whole accounts with replacement, runs the design's own stratified randomization (with
/// its dependent rounding and re-randomization), gives the treated accounts the effect, and
/// estimates it four ways. Replication r uses MT19937 seeded with seed + r for the resampling and
/// then the randomization, so the result does not depend on the number of threads, and two designs
/// simulated with the same seed see the same resampled accounts (common random numbers).
public struct DesignSimulation: Sendable {
    /// The estimators compared, in the order of `HistoryPlan.Estimator`.
    public enum Estimator: String, CaseIterable, Sendable, Codable {
        /// Difference in follow-up means, Neyman SE.
        case differenceInMeans = "difference-in-means"
        /// Difference in means of follow-up mean − baseline mean, Neyman SE.
        case differenceInDifferences = "difference-in-differences"
        /// CUPED on the baseline mean (pooled θ), Neyman SE.
        case cuped
        /// Lin (2013) on the covariates and, with several strata, the stratum indicators; HC2 SE.
        case lin

        /// The row of the analytic plan for the same estimator.
        public var planned: HistoryPlan.Estimator {
            switch self {
            case .differenceInMeans: return .post
            case .differenceInDifferences: return .did
            case .cuped: return .ancova
            case .lin: return .lin
            }
        }
    }

    public struct Settings: Sendable, Equatable {
        public var replications = 1_000
        public var seed: UInt32 = 20_261_130
        /// Accounts drawn per replication; nil: as many as the history has.
        public var accounts: Int?
        public var effect = InjectedEffect.multiplicative(0.1)
        /// The level of the intervals; the test rejects at α = 1 − level, two-sided.
        public var level = 0.95
        public init() {}
    }

    /// One replication's estimate, or why the estimator could not run.
    enum Outcome: Sendable {
        case estimate(value: Double, low: Double, high: Double, standardError: Double, pValue: Double)
        case failed(String)
    }

    public let settings: Settings
    /// Accounts per replication.
    public let accounts: Int
    /// The arms' shares, the reference first.
    public let shares: [Double]
    /// The effect every estimator estimates (`InjectedEffect.truth`).
    public let truth: Double
    public internal(set) var summaries: [EstimatorSummary]
    /// The mean number of randomization draws per replication (above 1 with re-randomization).
    public let meanDraws: Double

    /// Runs the replications in parallel; `progress` is called after each one.
    public init(
        accounts a: SimulationAccounts, randomizer: StratifiedRandomizer, settings s: Settings,
        progress: (@Sendable (Int) -> Void)? = nil
    ) throws {
        guard randomizer.arms.count == 2 else {
            throw RandomizationError("the simulation compares two arms; the design has \(randomizer.arms.count)")
        }
        guard s.replications >= 2 else { throw DomainError("the simulation needs at least 2 replications") }
        let n = s.accounts ?? a.count
        guard n >= 4 else { throw DomainError("a replication needs at least 4 accounts, got \(n)") }
        let runs = try Parallel.map(s.replications) { r -> (outcomes: [Outcome], draws: Int) in
            let run = Self.replicate(r, accounts: a, randomizer: randomizer, settings: s, count: n)
            progress?(r)
            return run
        }
        settings = s
        accounts = n
        shares = randomizer.arms.map(\.share)
        let truth = s.effect.truth(meanOutcome: a.meanOutcome)
        self.truth = truth
        summaries = Estimator.allCases.enumerated().map { k, estimator in
            EstimatorSummary(estimator, runs.map { $0.outcomes[k] }, truth: truth, level: s.level)
        }
        meanDraws = Double(runs.map(\.draws).reduce(0, +)) / Double(runs.count)
    }

    /// Replication r: resample, randomize, inject the effect, estimate. A replication whose
    /// randomization fails (no draw met the balance criterion) fails for every estimator.
    static func replicate(
        _ r: Int, accounts a: SimulationAccounts, randomizer: StratifiedRandomizer, settings s: Settings, count n: Int
    ) -> (outcomes: [Outcome], draws: Int) {
        let random = MersenneTwister(seed: s.seed &+ UInt32(truncatingIfNeeded: r))
        var pick = [Int](repeating: 0, count: n)
        for i in 0..<n { pick[i] = random.integer(below: a.count) }
        let sample = ResampledAccounts(a, pick)
        let assignment: (arms: [Int], draws: Int)
        do {
            let prepared = try randomizer.prepare(
                strata: sample.strata, groups: sample.groups, balance: sample.balance(of: a))
            let accepted = try randomizer.accepted(prepared, random: random)
            assignment = (accepted.arms, accepted.draws)
        } catch {
            let message = String(describing: error)
            return (Estimator.allCases.map { _ in .failed(message) }, 0)
        }
        // The drawn accounts' outcomes, the treated ones with the effect, once for every estimator.
        let treated = assignment.arms.map { $0 == 1 }
        let y = zip(sample.pick, treated).map { k, t in t ? s.effect.treated(a.outcome[k]) : a.outcome[k] }
        let x = sample.pick.map { a.baseline[$0] }
        let outcomes = Estimator.allCases.map { estimator in
            Self.outcome(
                estimator, y: y, x: x, treated: treated, arms: assignment.arms, lin: { sample.linCovariates(of: a) },
                level: s.level)
        }
        return (outcomes, assignment.draws)
    }

    /// One estimator on one replication: `y` the follow-up outcomes, `x` the baseline means, `lin` Lin's
    /// covariate rows (built only for Lin).
    static func outcome(
        _ estimator: Estimator, y: [Double], x: [Double], treated: [Bool], arms: [Int],
        lin: () -> (rows: [Double], width: Int), level: Double
    ) -> Outcome {
        do {
            let e: ArmEstimate
            switch estimator {
            case .differenceInMeans:
                e = try ArmComparison.differenceInMeans(outcome: y, treated: treated, confidenceLevel: level)
            case .differenceInDifferences:
                e = try ArmComparison.differenceInMeans(
                    outcome: zip(y, x).map(-), treated: treated, confidenceLevel: level,
                    method: .differenceInDifferences)
            case .cuped:
                e = try ArmComparison.cuped(outcome: y, pre: x, treated: treated, confidenceLevel: level).estimate
            case .lin:
                let (rows, width) = lin()
                e = try LinByArm.estimate(
                    outcome: y, arms: arms, covariates: rows, width: width, confidenceLevel: level)
            }
            let ci = e.confidenceInterval
            return .estimate(
                value: e.estimate, low: ci.low, high: ci.high, standardError: e.standardError, pValue: e.pValue)
        } catch {
            return .failed(String(describing: error))
        }
    }
}
