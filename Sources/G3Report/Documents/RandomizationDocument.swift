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

/// `randomize --format json`: the randomization record, the stratum counts, balance and power.
public struct RandomizationDocument: Encodable, Sendable {
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
    public var record: RandomizationRecordDocument
    public var schemaVersion = ResultJSON.schemaVersion
    public var experiment: String
    public var kind: String
    public var seed: Int
    public var generator: String?
    public var unitsSha256: String?
    public var assignmentSha256: String?
    /// False for `--dry-run`.
    public var written: Bool
    public var strata: [Stratum]
    public var balance: [Balance]
    public var power: [Power]

    enum CodingKeys: String, CodingKey {
        case schemaVersion, experiment, kind, seed, generator, unitsSha256, assignmentSha256, written, strata
        case balance, power
    }

    public init(
        design: ExperimentDesign, result: RandomizationResult, excluded: Int, generator: String?, unitsSHA256: String?,
        assignmentSHA256: String?, written: Bool, power: [Power]
    ) {
        record = RandomizationRecordDocument(design: design, result: result, excluded: excluded)
        experiment = design.id
        kind = design.kind.rawValue
        seed = Int(design.seed)
        self.generator = generator
        unitsSha256 = unitsSHA256
        assignmentSha256 = assignmentSHA256
        self.written = written
        strata = result.strata.map {
            Stratum(
                stratum: $0.stratum, counts: Dictionary(zip(design.arms.map(\.name), $0.perArm)) { first, _ in first })
        }
        balance = CovariateBalance.table(result, covariateNames: design.covariates).map {
            Balance(
                covariate: $0.covariate, arm: $0.arm, meanArm: $0.meanArm, meanReference: $0.meanReference,
                smd: $0.smd, varianceRatio: $0.varianceRatio)
        }
        self.power = power
    }

    /// The record's keys and this document's, side by side in one object.
    public func encode(to encoder: Encoder) throws {
        try record.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(schemaVersion, forKey: .schemaVersion)
        try c.encode(experiment, forKey: .experiment)
        try c.encode(kind, forKey: .kind)
        try c.encode(seed, forKey: .seed)
        try c.encode(generator, forKey: .generator)
        try c.encode(unitsSha256, forKey: .unitsSha256)
        try c.encode(assignmentSha256, forKey: .assignmentSha256)
        try c.encode(written, forKey: .written)
        try c.encode(strata, forKey: .strata)
        try c.encode(balance, forKey: .balance)
        try c.encode(power, forKey: .power)
    }
}
