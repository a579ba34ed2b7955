import G3Stats

/// `rct analyze --format json`: every arm against the reference arm on one metric and period.
public struct RCTDocument: Codable, Sendable {
    /// One arm against the reference arm.
    public struct Comparison: Codable, Sendable {
        public var arm: String
        public var reference: String
        public var estimates: [EstimateDocument]
        /// The first-stage F of the offer on take-up, classical and HC1-robust, when take-up is recorded.
        public var firstStageF: Double?
        public var firstStageFRobust: Double?
        public var diagnostics: [Diagnostic]
        /// Per adjusted estimator (`lin`, `cuped`): 1 − SE²/SE² of the difference in means.
        public var varianceReduction: [String: Double]
        /// Fisher's randomization test of the difference in means; null with `--ri-draws 0`.
        @Null public var randomizationInference: Inference?

        public init(
            arm: String, reference: String, estimates: [EstimateDocument], firstStageF: Double?,
            firstStageFRobust: Double?, diagnostics: [Diagnostic], varianceReduction: [String: Double] = [:],
            randomizationInference: Inference? = nil
        ) {
            self.varianceReduction = varianceReduction
            self.randomizationInference = randomizationInference
            self.arm = arm
            self.reference = reference
            self.estimates = estimates
            self.firstStageF = firstStageF
            self.firstStageFRobust = firstStageFRobust
            self.diagnostics = diagnostics
        }
    }
    /// Fisher's test of the sharp null: the share of `draws` repetitions of the design's randomization
    /// whose difference in means is at least as far from 0 as the `observed` one.
    public struct Inference: Codable, Sendable {
        public var draws: Int
        public var seed: Int
        public var statistic = "difference-in-means"
        public var observed: Double
        public var pValue: Double

        public init(draws: Int, seed: Int, observed: Double, pValue: Double) {
            self.draws = draws
            self.seed = seed
            self.observed = observed
            self.pValue = pValue
        }
    }
    /// The design's pre-registered analysis, and the flags of this run that depart from it (any
    /// departure makes every estimate exploratory).
    public struct PreRegistered: Codable, Sendable {
        public var estimator: String
        public var covariates: [String]
        @Null public var prePeriod: String?
        public var alpha: Double
        public var deviations: [String]

        public init(estimator: String, covariates: [String], prePeriod: String?, alpha: Double, deviations: [String]) {
            self.estimator = estimator
            self.covariates = covariates
            self.prePeriod = prePeriod
            self.alpha = alpha
            self.deviations = deviations
        }
    }
    public var schemaVersion = ResultJSON.schemaVersion
    /// Null when the design pre-registers no analysis.
    @Null public var preRegistered: PreRegistered?
    public var experiment: String
    public var metric: String
    public var period: String
    public var level: Double
    public var comparisons: [Comparison]

    public init(experiment: String, metric: String, period: String, level: Double, comparisons: [Comparison]) {
        self.experiment = experiment
        self.metric = metric
        self.period = period
        self.level = level
        self.comparisons = comparisons
    }
}
