import Foundation

/// An experiment as stored: its design, and how it was randomized.
public struct ExperimentRecord: Equatable, Sendable {
    public var id: String
    public var kind: String
    public var title: String
    public var designYAML: String
    public var designSHA256: String
    public var seed: Int64?
    public var generator: String?
    public var unitsSHA256: String?
    public var assignmentSHA256: String?
    /// Draws used, Mahalanobis distance, arm totals… as JSON text.
    public var randomizationJSON: String?
    public var toolVersion: String
    public var status: String
    public var createdAt: Date

    public init(
        id: String, kind: String, title: String, designYAML: String, designSHA256: String, seed: Int64?,
        generator: String?, unitsSHA256: String?, assignmentSHA256: String?, randomizationJSON: String?,
        toolVersion: String, status: String = "randomized", createdAt: Date
    ) {
        self.id = id
        self.kind = kind
        self.title = title
        self.designYAML = designYAML
        self.designSHA256 = designSHA256
        self.seed = seed
        self.generator = generator
        self.unitsSHA256 = unitsSHA256
        self.assignmentSHA256 = assignmentSHA256
        self.randomizationJSON = randomizationJSON
        self.toolVersion = toolVersion
        self.status = status
        self.createdAt = createdAt
    }
}

/// A unit of an experiment and its arm.
public struct AssignedUnit: Equatable, Sendable {
    public var unitID: String
    public var stratum: String
    public var covariatesJSON: String?
    public var arm: String
    public init(unitID: String, stratum: String, covariatesJSON: String?, arm: String) {
        self.unitID = unitID
        self.stratum = stratum
        self.covariatesJSON = covariatesJSON
        self.arm = arm
    }
}

/// One outcome value.
public struct OutcomeValue: Equatable, Sendable {
    public var unitID: String, metric: String, period: String
    public var value: Double
    public init(unitID: String, metric: String, period: String, value: Double) {
        self.unitID = unitID
        self.metric = metric
        self.period = period
        self.value = value
    }
}

/// Whether a unit took up the program (encouragement designs), and when.
public struct TakeupValue: Equatable, Sendable {
    public var unitID: String
    public var engaged: Bool
    public var date: String?
    public init(unitID: String, engaged: Bool, date: String?) {
        self.unitID = unitID
        self.engaged = engaged
        self.date = date
    }
}

/// A command run that wrote to the registry: what ran, on which inputs, with which tool.
public struct RunRecord: Equatable, Sendable {
    public var command: String
    public var argumentsJSON: String
    /// Input path → SHA-256, as JSON text.
    public var inputSHA256JSON: String
    public var toolVersion: String
    public var startedAt: Date
    public var finishedAt: Date?
    public init(
        command: String, argumentsJSON: String, inputSHA256JSON: String, toolVersion: String, startedAt: Date,
        finishedAt: Date? = nil
    ) {
        self.command = command
        self.argumentsJSON = argumentsJSON
        self.inputSHA256JSON = inputSHA256JSON
        self.toolVersion = toolVersion
        self.startedAt = startedAt
        self.finishedAt = finishedAt
    }
}

/// Where an estimate's identification comes from.
public enum Evidence: String, Equatable, Sendable {
    /// From randomized arms (`rct analyze`, `iv estimate --experiment`): the benchmark in `compare`.
    case randomized
    /// From observational data (`analyze`, `match`, an example's comparison group).
    case observational
}

/// An estimate as stored.
public struct EstimateRecord: Equatable, Sendable {
    public var experimentID: String?
    public var evidence: Evidence
    /// Units of the estimate that are also units of the linked experiment, when known.
    public var sharedUnits: Int?
    public var method: String, estimand: String, metric: String, population: String
    public var estimate: Double
    public var standardError: Double?
    public var degreesOfFreedom: Double?
    public var ciLow: Double?, ciHigh: Double?
    public var pValue: Double?
    public var nTreatment: Int?, nControl: Int?
    public var diagnosticsJSON: String?
    public init(
        experimentID: String?, method: String, estimand: String, metric: String, population: String, estimate: Double,
        standardError: Double?, degreesOfFreedom: Double?, ciLow: Double?, ciHigh: Double?, pValue: Double?,
        nTreatment: Int?, nControl: Int?, diagnosticsJSON: String?, evidence: Evidence = .observational,
        sharedUnits: Int? = nil
    ) {
        self.experimentID = experimentID
        self.evidence = evidence
        self.sharedUnits = sharedUnits
        self.method = method
        self.estimand = estimand
        self.metric = metric
        self.population = population
        self.estimate = estimate
        self.standardError = standardError
        self.degreesOfFreedom = degreesOfFreedom
        self.ciLow = ciLow
        self.ciHigh = ciHigh
        self.pValue = pValue
        self.nTreatment = nTreatment
        self.nControl = nControl
        self.diagnosticsJSON = diagnosticsJSON
    }
}

/// A unit's arm, stratum, outcome and take-up, for the analysis of randomized arms.
public struct AnalysisRow: Equatable, Sendable {
    public var unitID: String, arm: String, stratum: String
    public var value: Double
    public var engaged: Bool?

    public init(unitID: String, arm: String, stratum: String, value: Double, engaged: Bool?) {
        self.unitID = unitID
        self.arm = arm
        self.stratum = stratum
        self.value = value
        self.engaged = engaged
    }
}
