import Foundation
import G3Stats

/// Simulation-based diagnosis of the observational design (in the spirit of DeclareDesign): simulate
/// a panel with a known effect, analyze it, compare each estimator with that replication's truth,
/// and summarize over replications. Replication r uses seed + r for the panel and the analysis.
///
/// The matched estimators estimate the effect on the engaged accounts the matching keeps (a caliper
/// drops the least comparable, here the largest), so their truth is the ATT over those accounts; the
/// naive contrast is judged against the ATT over all engaged accounts. `keptShare` says how many
/// engaged accounts the matching kept on average.
public struct DesignDiagnosis: Sendable {
    public enum Estimator: String, CaseIterable, Sendable {
        case naive, psm
        case did = "did-2x2"
        case twfe
        case eventStudy = "event-study"
    }

    /// One estimator on one outcome over the replications.
    public struct Summary: Sendable {
        public let estimator: Estimator
        public let outcome: String
        public let replications: Int
        /// mean(estimate − truth), its Monte-Carlo SE sd/√R, RMSE.
        public let bias: Double, biasStandardError: Double, rmse: Double
        /// Share of CIs that contain the truth, and of p < α; nil for the naive contrast (no CI).
        public let coverage: Double?, power: Double?
        public let meanTruth: Double
    }

    /// Mean share of the engaged accounts kept by the matching.
    public let keptShare: Double

    public let summaries: [Summary]
    /// Replications whose analysis failed, with the first reason.
    public let failures: (count: Int, first: String?)

    typealias Draw = (key: String, estimate: Double, truth: Double, low: Double?, high: Double?, p: Double?)

    /// `progress` is called after each replication with the number done (from any thread). Replications
    /// run in parallel; each depends only on its seed, so the summary is the same on any number of threads.
    public init(
        simulation: PanelSimulator.Settings, analysis: PanelAnalysis.Settings, replications: Int, seed: UInt32,
        progress: @escaping @Sendable (Int) -> Void = { _ in }
    ) throws {
        let counter = Counter()
        let runs = try Parallel.map(replications) { r -> Result<(draws: [Draw], kept: Double), ObservationalError> in
            defer { progress(counter.increment()) }
            do {
                return .success(
                    try Self.replicate(
                        simulation: simulation, analysis: analysis, seed: seed &+ UInt32(truncatingIfNeeded: r)))
            } catch let error as ObservationalError {
                return .failure(error)
            }
        }
        var draws: [String: [Draw]] = [:]
        var failed = 0
        var reason: String?
        var kept: [Double] = []
        for run in runs {
            switch run {
            case .success(let value):
                kept.append(value.kept)
                for d in value.draws { draws[d.key, default: []].append(d) }
            case .failure(let error):
                failed += 1
                reason = reason ?? error.description
            }
        }
        summaries = Estimator.allCases.flatMap { e in
            analysis.outcomes.compactMap { outcome -> Summary? in
                guard let d = draws["\(e.rawValue)|\(outcome)"], d.count >= 2 else { return nil }
                let errors = d.map { $0.estimate - $0.truth }
                let m = Moments(errors)
                let withCI = d.filter { $0.low != nil }
                return Summary(
                    estimator: e, outcome: outcome, replications: d.count, bias: m.mean,
                    biasStandardError: (m.variance / Double(d.count)).squareRoot(),
                    rmse: (errors.map { $0 * $0 }.reduce(0, +) / Double(d.count)).squareRoot(),
                    coverage: withCI.isEmpty
                        ? nil
                        : Double(withCI.filter { $0.low! <= $0.truth && $0.truth <= $0.high! }.count)
                            / Double(withCI.count),
                    power: withCI.isEmpty
                        ? nil : Double(withCI.filter { $0.p! < 1 - analysis.level }.count) / Double(withCI.count),
                    meanTruth: d.map(\.truth).reduce(0, +) / Double(d.count))
            }
        }
        failures = (failed, reason)
        keptShare = kept.isEmpty ? 0 : kept.reduce(0, +) / Double(kept.count)
    }

    /// One replication: simulate, analyze, and each estimate beside its truth.
    static func replicate(simulation: PanelSimulator.Settings, analysis: PanelAnalysis.Settings, seed: UInt32) throws
        -> (draws: [Draw], kept: Double)
    {
        let sim = try PanelSimulator(settings: simulation, random: MersenneTwister(seed: seed))
        let result = try PanelAnalysis(panel: sim.panel, settings: analysis, seed: seed)
        let matchedEngaged = result.matching.sample.subclasses.map { result.accounts[$0.treated] }
        var draws: [Draw] = []
        for outcome in analysis.outcomes {
            guard let all = sim.truth.att[outcome] else {
                throw ObservationalError("the simulator has no outcome '\(outcome)'")
            }
            let matched = sim.truth.att(outcome, accounts: matchedEngaged) ?? all
            func add(_ e: Estimator, _ estimate: Double, _ low: Double?, _ high: Double?, _ p: Double?) {
                draws.append(("\(e.rawValue)|\(outcome)", estimate, e == .naive ? all : matched, low, high, p))
            }
            if let n = result.naive.first(where: { $0.outcome == outcome }) { add(.naive, n.difference, nil, nil, nil) }
            if let e = result.effects.first(where: { $0.outcome == outcome }) {
                add(.psm, e.estimate, e.ciLow, e.ciHigh, e.pValue)
            }
            if let d = result.did.first(where: { $0.outcome == outcome }) {
                add(.did, d.twoByTwo.estimate, d.twoByTwo.ciLow, d.twoByTwo.ciHigh, d.twoByTwo.pValue)
                if let f = d.panel.twfe {
                    let ci = try f.interval(0, level: analysis.level)
                    add(.twfe, f.coefficients[0], ci.low, ci.high, try f.pValue(0))
                }
                if let study = d.panel.eventStudy, let average = try study.postAverage(level: analysis.level) {
                    add(.eventStudy, average.estimate, average.ciLow, average.ciHigh, average.pValue)
                }
            }
        }
        return (draws, Double(matchedEngaged.count) / Double(sim.truth.engaged))
    }
}

/// A thread-safe count of finished items.
final class Counter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()
    func increment() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}
