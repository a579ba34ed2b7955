/// An estimator's name, in the one spelling (lowercase words joined by hyphens) that the JSON
/// documents, the CSV files, the registry and `compare --benchmark` share.
public enum EstimateMethod: String, Codable, Sendable, CaseIterable {
    /// Engaged (treated) against everyone else, no adjustment.
    case naive
    /// OLS of the outcome on the treatment and covariates.
    case ols
    /// Propensity score matching, ATT.
    case psm
    /// Matching on the change of the outcome since a baseline period.
    case psmDiD = "psm-did"
    /// Matching with replacement, Abadie–Imbens SE.
    case psmReplace = "psm-replace"
    /// 2×2 difference-in-differences on the matched pairs.
    case didTwoByTwo = "did-2x2"
    /// Two-way fixed effects.
    case twfe
    /// Callaway & Sant'Anna aggregations.
    case csSimple = "cs-simple"
    case csDynamic = "cs-dynamic"
    case csGroup = "cs-group"
    case csCalendar = "cs-calendar"
    /// Mean of the event study's post-period coefficients.
    case eventStudyPost = "event-study-post"
    /// Randomized arms: difference in means, Neyman SE.
    case differenceInMeans = "difference-in-means"
    /// Randomized arms: difference in means, pooled SE.
    case differenceInMeansPooled = "difference-in-means-pooled"
    /// Randomized arms: blocked difference in means.
    case blocked
    /// Randomized arms: Lin's (2013) regression adjustment with interactions, HC2 SE.
    case lin
    /// Randomized arms: CUPED (Deng et al. 2013), the outcome adjusted by its pre-period value.
    case cuped
    /// Randomized arms: difference in means of each unit's change since its baseline, Neyman SE.
    case differenceInDifferences = "difference-in-differences"
    /// The offer's effect on take-up (first stage).
    case ittTakeup = "itt-takeup"
    /// Wald estimator of the local average treatment effect.
    case late
    /// Two-stage least squares.
    case twoStageLeastSquares = "2sls"

    /// A method named in the current spelling or in the one before result schema 2, which wrote the
    /// randomized methods with underscores (`difference_in_means`).
    public init?(name: String) {
        self.init(rawValue: String(name.map { $0 == "_" ? "-" : $0 }))
    }
}
