import Foundation
import G3Stats

extension DesignSimulation {
    /// Sets each estimator's analytic power (`AnalyticArmPower`, for this simulation's accounts, arm
    /// shares and effect) and states where the simulation departs from it, or where intervals
    /// under-cover, and which answer to trust. `shaping` names what in the design lowers the variance
    /// beyond the analytic formula ("strata", "re-randomization", both), nil when nothing does.
    public mutating func compare(with history: OutcomeHistory, shaping: String?) throws {
        let n = Double(accounts)
        for k in summaries.indices {
            let analytic = try AnalyticArmPower.power(
                summaries[k].estimator, history: history, effect: settings.effect, nTreatment: n * shares[1],
                nControl: n * shares[0], alpha: 1 - settings.level)
            summaries[k].analyticPower = analytic
            if let gap = summaries[k].powerGap(history: history, shaping: shaping, level: settings.level) {
                summaries[k].diagnostics.append(gap)
            }
            if let short = summaries[k].coverageShortfall(level: settings.level) {
                summaries[k].diagnostics.append(short)
            }
        }
    }
}

extension EstimatorSummary {
    /// A Monte Carlo SE for comparing a simulated share with an expected one: the larger of the
    /// simulated share's SE and the binomial SE at the expected share, so that a share of exactly 0
    /// or 1 is not taken as certain.
    func shareSE(_ simulatedSE: Double, expected: Double) -> Double {
        max(simulatedSE, (expected * (1 - expected) / Double(max(replications, 1))).squareRoot())
    }

    /// Whether the simulated power is more than 2 Monte Carlo SEs from the analytic one, and why.
    func powerGap(history h: OutcomeHistory, shaping: String?, level: Double) -> Diagnostic? {
        guard let power, let powerSE, let analyticPower,
            abs(power - analyticPower) > 2 * shareSE(powerSE, expected: analyticPower)
        else { return nil }
        let name = estimator.rawValue
        let head =
            "\(name): the simulated power \(percent(power)) (Monte Carlo SE \(percent(powerSE))) is \(power > analyticPower ? "above" : "below") the analytic \(percent(analyticPower))"
        return Diagnostic(
            .analyticGap, .warning, subject: name, head + ": " + gapReason(history: h, shaping: shaping, level: level))
    }

    /// Why the simulation departs from the analytic power, and which to trust.
    func gapReason(history h: OutcomeHistory, shaping: String?, level: Double) -> String {
        let ratio = (meanStandardError ?? 0) / max(estimateSD ?? 0, .leastNonzeroMagnitude)
        let above = (power ?? 0) > (analyticPower ?? 0)
        if let shaping, ratio > 1.25 {
            return
                "the design's \(shaping) balance\(shaping.contains("strata") ? "" : "s") the outcome's predictors, so the estimates vary less than the SE says (mean SE \(fixed(ratio)) times their SD): the test is conservative; trust the simulation, and analyse with an estimator that uses them (Lin, CUPED, blocked) or with the randomization test (rct analyze --ri-draws)"
        }
        if above, coverageShortfall(level: level) != nil {
            return
                "its intervals are too narrow for these tails (see its coverage), which inflates the simulated power too: a test that keeps its level would have less power than simulated; analyse with the randomization test (rct analyze --ri-draws), which keeps its level"
        }
        if let shaping, above {
            return "the design's \(shaping) remove variance the analytic formula does not count; trust the simulation"
        }
        if h.skewness > 2 || h.topShare > 0.1 {
            return
                "the outcome is heavy-tailed (skewness \(fixed(h.skewness)), the top 1% of accounts hold \(percent(h.topShare))), so the normal approximation behind the analytic power does not hold at this size; trust the simulation, which draws the real accounts"
        }
        return
            "the analytic power assumes a normal outcome with the history's variance; trust the simulation, which draws the real accounts through the design's own randomization"
    }

    /// Whether the intervals hold the truth in fewer than level − 2 Monte Carlo SEs of the replications.
    func coverageShortfall(level: Double) -> Diagnostic? {
        guard let coverage, let coverageSE, let meanStandardError, let estimateSD,
            coverage < level - 2 * shareSE(coverageSE, expected: level)
        else { return nil }
        return Diagnostic(
            .coverage, .warning, subject: estimator.rawValue,
            "\(estimator.rawValue): the \(String(format: "%g", 100 * level))% intervals held the true effect in \(percent(coverage)) of the replications (Monte Carlo SE \(percent(coverageSE))); the mean SE is \(fixed(meanStandardError)) against an SD of the estimates of \(fixed(estimateSD)): with a few large accounts the estimate is far from normal at this size, so its p-values and intervals are too optimistic"
        )
    }

    private func percent(_ x: Double) -> String { String(format: "%.1f%%", 100 * x) }

    /// Four significant digits: SEs and skewness of any magnitude.
    private func fixed(_ x: Double) -> String { String(format: "%.4g", x) }
}
