import G3Stats

/// One estimator over a simulation's replications, each figure with its Monte Carlo SE:
/// - power: the share of replications whose two-sided test rejects at α = 1 − level, SE √(p(1 − p)/R);
/// - bias: mean(τ̂) − τ, SE sd(τ̂)/√R; RMSE √(mean((τ̂ − τ)²));
/// - coverage: the share of intervals that hold τ, SE √(c(1 − c)/R);
/// - width: the mean interval width, SE sd(width)/√R;
/// - the mean estimated SE beside the SD of the estimates (an SE that understates it explains
///   under-coverage).
/// R counts the replications in which the estimator ran; with fewer than 2 the figures are nil and
/// a diagnostic says why.
public struct EstimatorSummary: Sendable {
    public let estimator: DesignSimulation.Estimator
    public let replications: Int
    public let failures: Int
    public let power: Double?, powerSE: Double?
    public let bias: Double?, biasSE: Double?
    public let rmse: Double?
    public let coverage: Double?, coverageSE: Double?
    public let meanWidth: Double?, widthSE: Double?
    public let meanStandardError: Double?
    public let estimateSD: Double?
    /// The analytic (normal-approximation) power for the same design and effect; set by the caller.
    public var analyticPower: Double?
    public var diagnostics: [Diagnostic]

    init(_ estimator: DesignSimulation.Estimator, _ outcomes: [DesignSimulation.Outcome], truth: Double, level: Double)
    {
        self.estimator = estimator
        var estimates = Moments()
        var widths = Moments()
        var errors = Moments()
        var squared = 0.0
        var rejected = 0
        var covered = 0
        var firstFailure: String?
        for outcome in outcomes {
            switch outcome {
            case .estimate(let value, let low, let high, let se, let p):
                estimates.add(value)
                widths.add(high - low)
                errors.add(se)
                squared += (value - truth) * (value - truth)
                if p < 1 - level { rejected += 1 }
                if low <= truth && truth <= high { covered += 1 }
            case .failed(let message):
                if firstFailure == nil { firstFailure = message }
            }
        }
        let r = estimates.count
        replications = r
        failures = outcomes.count - r
        analyticPower = nil
        diagnostics = []
        guard r >= 2 else {
            (power, powerSE, bias, biasSE, rmse) = (nil, nil, nil, nil, nil)
            (coverage, coverageSE, meanWidth, widthSE, meanStandardError, estimateSD) = (nil, nil, nil, nil, nil, nil)
            diagnostics.append(
                Diagnostic(
                    .skipped, .warning, subject: estimator.rawValue,
                    "\(estimator.rawValue): ran in \(r) of \(outcomes.count) replications, too few to summarize (\(firstFailure ?? "no estimate"))"
                ))
            return
        }
        let share = { (k: Int) in Double(k) / Double(r) }
        power = share(rejected)
        powerSE = (share(rejected) * (1 - share(rejected)) / Double(r)).squareRoot()
        bias = estimates.mean - truth
        biasSE = (estimates.variance / Double(r)).squareRoot()
        rmse = (squared / Double(r)).squareRoot()
        coverage = share(covered)
        coverageSE = (share(covered) * (1 - share(covered)) / Double(r)).squareRoot()
        meanWidth = widths.mean
        widthSE = (widths.variance / Double(r)).squareRoot()
        meanStandardError = errors.mean
        estimateSD = estimates.variance.squareRoot()
        if failures > 0 {
            diagnostics.append(
                Diagnostic(
                    .skipped, .warning, subject: estimator.rawValue,
                    "\(estimator.rawValue): did not run in \(failures) of \(outcomes.count) replications (first: \(firstFailure ?? "?")); the figures use the other \(r)"
                ))
        }
    }
}
