import G3Observational
import G3Stats

/// The settings of a simulated panel, as `simulate` and `diagnose` record them.
public struct SimulationSettingsDocument: Codable, Sendable {
    public var customers: Int
    public var engaged: Int
    public var months: Int
    public var securityLift: Double
    public var totalLift: Double
    public var ramp: Int
    public var selection: Double
    public var attrition: Double
    public var dirty: Double

    public init(_ s: PanelSimulator.Settings) {
        customers = s.customers
        engaged = s.engaged
        months = s.months
        securityLift = s.securityLift
        totalLift = s.totalLift
        ramp = s.ramp
        selection = s.selection
        attrition = s.attrition
        dirty = s.dirty
    }
}

/// `simulate --out DIR`: DIR/truth.json, the truth the analysis of DIR/panel.csv should recover.
public struct SimulationTruthDocument: Codable, Sendable {
    public var schemaVersion = ResultJSON.schemaVersion
    public var att: [String: Double]
    public var relative: [String: Double]
    public var naiveRatio: [String: Double]
    public var engaged: Int
    public var accounts: Int
    public var rows: Int
    public var seed: Int
    public var generator = MersenneTwister.name
    public var settings: SimulationSettingsDocument
    public var definition =
        "ATT = mean over engaged accounts of the account's mean of (Y1 − Y0) over its months after its engagement month; Y0 is the account's own untreated outcome"

    public init(_ truth: PanelSimulator.Truth, settings: PanelSimulator.Settings, seed: UInt32) {
        att = truth.att
        relative = truth.relative
        naiveRatio = truth.naiveRatio
        engaged = truth.engaged
        accounts = truth.accounts
        rows = truth.rows
        self.seed = Int(seed)
        self.settings = SimulationSettingsDocument(settings)
    }
}

/// `diagnose --format json`: each estimator's bias, RMSE, coverage and power over the replications.
public struct DiagnosisDocument: Codable, Sendable {
    public struct Summary: Codable, Sendable, CSVRow {
        public static let columns = [
            "outcome", "estimator", "replications", "mean_truth", "bias", "bias_mc_se", "rmse", "coverage", "power"
        ]
        public var outcome: String
        public var estimator: String
        public var replications: Int
        public var meanTruth: Double
        public var bias: Double
        public var biasMcSe: Double
        public var rmse: Double
        @Null public var coverage: Double?
        @Null public var power: Double?
    }
    public var schemaVersion = ResultJSON.schemaVersion
    public var summaries: [Summary]
    public var failedReplications: Int
    public var level: Double
    public var keptShare: Double
    public var settings: SimulationSettingsDocument
    public var replications: Int
    public var seed: Int

    public init(
        _ diagnosis: DesignDiagnosis, level: Double, settings: PanelSimulator.Settings, replications: Int, seed: UInt32
    ) {
        summaries = diagnosis.summaries.map { s in
            Summary(
                outcome: s.outcome, estimator: s.estimator.rawValue, replications: s.replications,
                meanTruth: s.meanTruth, bias: s.bias, biasMcSe: s.biasStandardError, rmse: s.rmse,
                coverage: s.coverage, power: s.power)
        }
        failedReplications = diagnosis.failures.count
        self.level = level
        keptShare = diagnosis.keptShare
        self.settings = SimulationSettingsDocument(settings)
        self.replications = replications
        self.seed = Int(seed)
    }
}
