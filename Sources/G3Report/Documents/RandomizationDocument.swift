import G3Design

/// What a randomization drew, as the registry keeps it (`experiment.randomization_json`).
public struct RandomizationRecordDocument: Codable, Sendable {
    public var draws: Int
    public var units: Int
    public var excluded: Int
    /// Units per arm.
    public var totals: [String: Int]
    /// With re-randomization: the accepted draw's Mahalanobis distance and the acceptance threshold.
    public var mahalanobis: Double?
    public var threshold: Double?

    public init(design: ExperimentDesign, result: RandomizationResult, excluded: Int) {
        draws = result.draws
        units = result.units.count
        self.excluded = excluded
        totals = Dictionary(zip(design.arms.map(\.name), result.totals)) { first, _ in first }
        if let m = result.mahalanobis, let a = result.threshold {
            mahalanobis = m
            threshold = a
        }
    }
}

/// One stratum × arm count: a row of `randomize --format csv`.
public struct StratumArmCount: Codable, Sendable, CSVRow {
    public static let columns = ["stratum", "arm", "units"]
    public var stratum: String
    public var arm: String
    public var units: Int

    public static func rows(design: ExperimentDesign, result: RandomizationResult) -> [StratumArmCount] {
        result.strata.flatMap { s in
            zip(design.arms, s.perArm).map { StratumArmCount(stratum: s.stratum, arm: $0.name, units: $1) }
        }
    }
}

/// `randomize --format json`: the randomization record's keys and the details below, in one object.
public typealias RandomizationDocument = Merged<RandomizationRecordDocument, RandomizationDetailsDocument>

/// The stratum counts, balance and power of a randomization, with its provenance.
public struct RandomizationDetailsDocument: Codable, Sendable {
    public struct Stratum: Codable, Sendable {
        public var stratum: String
        public var counts: [String: Int]
    }
    public struct Balance: Codable, Sendable {
        public var covariate: String
        public var arm: String
        @Null public var meanArm: Double?
        @Null public var meanReference: Double?
        @Null public var smd: Double?
        @Null public var varianceRatio: Double?
    }
    /// The power of one arm against one of the design's targets, at the sizes drawn.
    public struct Power: Codable, Sendable {
        public var metric: String
        public var effectD: Double
        public var arm: String
        public var power: Double
        public var target: Double

        public init(metric: String, effectD: Double, arm: String, power: Double, target: Double) {
            self.metric = metric
            self.effectD = effectD
            self.arm = arm
            self.power = power
            self.target = target
        }
    }
    public var schemaVersion = ResultJSON.schemaVersion
    public var experiment: String
    public var kind: String
    public var seed: Int
    @Null public var generator: String?
    @Null public var unitsSha256: String?
    @Null public var assignmentSha256: String?
    /// False for `--dry-run`.
    public var written: Bool
    public var strata: [Stratum]
    public var balance: [Balance]
    public var power: [Power]
}

extension Merged where Base == RandomizationRecordDocument, Extra == RandomizationDetailsDocument {
    public init(
        design: ExperimentDesign, result: RandomizationResult, excluded: Int, generator: String?, unitsSHA256: String?,
        assignmentSHA256: String?, written: Bool, power: [RandomizationDetailsDocument.Power]
    ) {
        let strata = result.strata.map {
            RandomizationDetailsDocument.Stratum(
                stratum: $0.stratum, counts: Dictionary(zip(design.arms.map(\.name), $0.perArm)) { first, _ in first })
        }
        let balance = CovariateBalance.table(result, covariateNames: design.covariates).map {
            RandomizationDetailsDocument.Balance(
                covariate: $0.covariate, arm: $0.arm, meanArm: $0.meanArm, meanReference: $0.meanReference,
                smd: $0.smd, varianceRatio: $0.varianceRatio)
        }
        let details = RandomizationDetailsDocument(
            experiment: design.id, kind: design.kind.rawValue, seed: Int(design.seed), generator: generator,
            unitsSha256: unitsSHA256, assignmentSha256: assignmentSHA256, written: written, strata: strata,
            balance: balance, power: power)
        self.init(RandomizationRecordDocument(design: design, result: result, excluded: excluded), details)
    }
}
