import G3Stats
/// `iv plan --format json`: an encouragement design's sample size or power, MDEs and expected first stage.
public struct IVPlanDocument: Codable, Sendable {
    /// The plan at one take-up among the offered.
    public struct GridRow: Codable, Sendable, CSVRow {
        public static let columns = ["takeup_treatment", "n_late", "mde_late", "expected_first_stage_f"]
        public var takeupTreatment: Double
        /// Null when no N reaches the power at this take-up.
        @Null public var nLate: Double?
        public var mdeLate: Double
        public var expectedFirstStageF: Double

        public init(takeupTreatment: Double, nLate: Double?, mdeLate: Double, expectedFirstStageF: Double) {
            self.takeupTreatment = takeupTreatment
            self.nLate = nLate
            self.mdeLate = mdeLate
            self.expectedFirstStageF = expectedFirstStageF
        }
    }
    public var schemaVersion = ResultJSON.schemaVersion
    public var effectD: Double
    public var share: Double
    public var takeupTreatment: Double
    public var takeupControl: Double
    public var alpha: Double
    public var test: String
    /// Solving for N (`--power`): N for the LATE and for the ITT.
    public var nLate: Double?
    public var nItt: Double?
    /// Solving for power (`--n`): the total accounts.
    public var n: Double?
    public var power: Double
    public var mdeLate: Double
    public var mdeItt: Double
    public var expectedFirstStageF: Double
    public var concentration: Double
    public var takeupGrid: [GridRow]
    public var diagnostics: [Diagnostic]

    public init(
        effectD: Double, share: Double, takeupTreatment: Double, takeupControl: Double, alpha: Double, test: String,
        power: Double
    ) {
        self.effectD = effectD
        self.share = share
        self.takeupTreatment = takeupTreatment
        self.takeupControl = takeupControl
        self.alpha = alpha
        self.test = test
        self.power = power
        mdeLate = 0
        mdeItt = 0
        expectedFirstStageF = 0
        concentration = 0
        takeupGrid = []
        diagnostics = []
    }
}
