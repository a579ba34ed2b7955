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

        public init(
            arm: String, reference: String, estimates: [EstimateDocument], firstStageF: Double?,
            firstStageFRobust: Double?, diagnostics: [Diagnostic]
        ) {
            self.arm = arm
            self.reference = reference
            self.estimates = estimates
            self.firstStageF = firstStageF
            self.firstStageFRobust = firstStageFRobust
            self.diagnostics = diagnostics
        }
    }
    public var schemaVersion = ResultJSON.schemaVersion
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
