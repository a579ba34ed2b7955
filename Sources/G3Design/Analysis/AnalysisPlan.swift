import G3Stats

/// The analysis a design pre-registers (`analysis:` in the design file). The design's text, and so
/// the plan, is hashed and stored at randomization; `rct analyze` follows it by default and labels
/// every estimate of a run that departs from it exploratory.
public struct AnalysisPlan: Equatable, Sendable {
    /// `difference-in-means`, `blocked`, `lin` or `cuped`.
    public var estimator: EstimateMethod
    /// Covariates recorded at randomization, for `lin`.
    public var covariates: [String]
    /// The pre-period whose outcome `cuped` adjusts with.
    public var prePeriod: String?
    /// The two-sided level of the test (the intervals are at 1 − α).
    public var alpha: Double

    public static let estimators: [EstimateMethod] = [.differenceInMeans, .blocked, .lin, .cuped]

    public init(estimator: EstimateMethod, covariates: [String] = [], prePeriod: String? = nil, alpha: Double = 0.05) {
        self.estimator = estimator
        self.covariates = covariates
        self.prePeriod = prePeriod
        self.alpha = alpha
    }
}
