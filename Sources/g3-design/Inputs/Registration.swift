import G3Design
import G3Stats

/// A run of `rct analyze` against the design's pre-registered analysis: the flags that depart from
/// it. Any departure makes every estimate of the run exploratory.
struct Registration {
    let plan: AnalysisPlan
    let deviations: [String]

    var followed: Bool { deviations.isEmpty }

    /// "pre-registered" for the plan's estimator in a run that follows the plan, else "exploratory".
    func role(_ method: EstimateMethod) -> String {
        followed && method == plan.estimator ? "pre-registered" : "exploratory"
    }

    /// The line under a comparison's table.
    var summary: String {
        followed
            ? "pre-registered: \(plan.estimator.rawValue) at α = \(plan.alpha) (the design's analysis block, hashed at randomization); every other row is exploratory"
            : "exploratory: this run departs from the pre-registered analysis (\(deviations.joined(separator: "; "))), so every estimate is exploratory"
    }
}
