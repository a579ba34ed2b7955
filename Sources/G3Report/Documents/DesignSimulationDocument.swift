import G3Design
import G3Stats

/// `diagnose --history --format json`: for each design, each estimator's simulated power, bias, CI
/// coverage and width with Monte Carlo SEs, beside the analytic power (docs/json.md).
public struct DesignSimulationDocument: Codable, Sendable {
    public struct Estimator: Codable, Sendable, CSVRow {
        public static let columns = [
            "design", "estimator", "replications", "failures", "power", "power_mc_se", "analytic_power", "bias",
            "bias_mc_se", "rmse", "coverage", "coverage_mc_se", "mean_ci_width", "ci_width_mc_se", "mean_se",
            "estimate_sd"
        ]
        public var design: String
        public var estimator: String
        public var replications: Int
        public var failures: Int
        @Null public var power: Double?
        @Null public var powerMcSe: Double?
        @Null public var analyticPower: Double?
        @Null public var bias: Double?
        @Null public var biasMcSe: Double?
        @Null public var rmse: Double?
        @Null public var coverage: Double?
        @Null public var coverageMcSe: Double?
        @Null public var meanCiWidth: Double?
        @Null public var ciWidthMcSe: Double?
        @Null public var meanSe: Double?
        @Null public var estimateSd: Double?
        public var diagnostics: [Diagnostic]

        init(design: String, _ s: EstimatorSummary) {
            self.design = design
            estimator = s.estimator.rawValue
            replications = s.replications
            failures = s.failures
            power = s.power
            powerMcSe = s.powerSE
            analyticPower = s.analyticPower
            bias = s.bias
            biasMcSe = s.biasSE
            rmse = s.rmse
            coverage = s.coverage
            coverageMcSe = s.coverageSE
            meanCiWidth = s.meanWidth
            ciWidthMcSe = s.widthSE
            meanSe = s.meanStandardError
            estimateSd = s.estimateSD
            diagnostics = s.diagnostics
        }
    }

    /// One candidate design and how its estimators fared.
    public struct Design: Codable, Sendable {
        public var id: String
        public var path: String
        /// History accounts eligible with a stratum, those the eligibility rules left out, and those
        /// left out for a missing stratum value.
        public var eligibleAccounts: Int
        public var excludedAccounts: Int
        public var accountsWithoutStratum: Int
        /// Accounts per replication.
        public var accounts: Int
        public var strata: Int
        public var shares: [Double]
        /// Lin's covariates (baseline means); with several strata Lin adds their indicators.
        public var covariates: [String]
        @Null public var acceptance: Double?
        public var meanDraws: Double
        /// The mean follow-up outcome of the eligible accounts and the effect every estimator estimates.
        public var meanOutcome: Double
        public var truth: Double
        public var skewness: Double
        public var topShare: Double
        public var estimators: [Estimator]

        public init(
            id: String, path: String, acceptance: Double?, covariates: [String],
            counts: (excluded: Int, withoutStratum: Int), accounts a: SimulationAccounts, history: OutcomeHistory,
            simulation s: DesignSimulation
        ) {
            self.id = id
            self.covariates = covariates
            self.path = path
            eligibleAccounts = a.count
            (excludedAccounts, accountsWithoutStratum) = counts
            accounts = s.accounts
            strata = a.stratumNames.count
            shares = s.shares
            self.acceptance = acceptance
            meanDraws = s.meanDraws
            meanOutcome = a.meanOutcome
            truth = s.truth
            skewness = history.skewness
            topShare = history.topShare
            estimators = s.summaries.map { Estimator(design: id, $0) }
        }
    }

    public var schemaVersion = ResultJSON.schemaVersion
    public var history: String
    public var metric: String
    public var firstMonth: String
    public var lastMonth: String
    public var baselineMonths: Int
    public var followUpMonths: Int
    /// `multiplicative` (a lift of each treated account's outcome) or `additive`.
    public var effectKind: String
    public var effect: Double
    public var replications: Int
    public var seed: Int
    public var level: Double
    public var designs: [Design]

    public init(
        history: String, metric: String, window: (first: String, last: String), months: (baseline: Int, followUp: Int),
        settings: DesignSimulation.Settings, designs: [Design]
    ) {
        self.history = history
        self.metric = metric
        (firstMonth, lastMonth) = window
        (baselineMonths, followUpMonths) = months
        switch settings.effect {
        case .multiplicative(let lift): (effectKind, effect) = ("multiplicative", lift)
        case .additive(let diff): (effectKind, effect) = ("additive", diff)
        }
        replications = settings.replications
        seed = Int(settings.seed)
        level = settings.level
        self.designs = designs
    }
}
