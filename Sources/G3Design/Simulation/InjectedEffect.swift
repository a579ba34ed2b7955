/// The effect a simulation gives the treated accounts' follow-up outcome.
public enum InjectedEffect: Sendable, Equatable {
    /// y(1) = (1 + L)·y(0): a lift proportional to each account's outcome.
    case multiplicative(Double)
    /// y(1) = y(0) + D: the same amount for every account.
    case additive(Double)

    /// A treated account's outcome.
    @inline(__always)
    func treated(_ y: Double) -> Double {
        switch self {
        case .multiplicative(let lift): return y * (1 + lift)
        case .additive(let diff): return y + diff
        }
    }

    /// The average effect over the accounts the simulation resamples (the population average effect,
    /// every estimator's estimand): L·ȳ or D.
    public func truth(meanOutcome: Double) -> Double {
        switch self {
        case .multiplicative(let lift): return lift * meanOutcome
        case .additive(let diff): return diff
        }
    }

    /// c in y(1) = c·y(0) + D, the factor that scales a treated account's deviations.
    var scale: Double {
        if case .multiplicative(let lift) = self { return 1 + lift }
        return 1
    }
}
