import G3Observational
import G3Registry
import G3Stats

/// `compare --format json` and `example nsw --format json`: the randomized estimates of one metric and
/// every observational estimate linked to the experiment, judged against the benchmark.
public struct ComparisonDocument: Codable, Sendable {
    public var schemaVersion = ResultJSON.schemaVersion
    public var experiment: String
    public var metric: String
    public var benchmarkEstimateId: Int64
    public var randomized: [StoredEstimateDocument]
    public var observational: [ComparedEstimateDocument]
    public var diagnostics: [Diagnostic]
}

/// A registry estimate: the shared estimate keys (`outcome` is the metric), where it was stored, and
/// how many of its units the experiment shares.
public struct StoredEstimateDocument: Codable, Sendable {
    public var estimate: EstimateDocument
    public var estimateId: Int64
    public var runId: Int64
    public var command: String
    public var evidence: String
    public var population: String
    @Null public var sharedUnits: Int?

    enum CodingKeys: String, CodingKey {
        case estimateId, runId, command, evidence, population, sharedUnits
    }

    public init(_ e: StoredEstimate) {
        let r = e.record
        estimate = EstimateDocument(
            outcome: r.metric, methodName: r.method, estimand: r.estimand, estimate: r.estimate, se: r.standardError,
            df: r.degreesOfFreedom, ciLow: r.ciLow, ciHigh: r.ciHigh, pValue: r.pValue, nTreated: r.nTreatment,
            nControl: r.nControl, seMethod: nil)
        estimateId = e.id
        runId = e.runID
        command = e.command
        evidence = r.evidence.rawValue
        population = r.population
        sharedUnits = r.sharedUnits
    }

    public init(from decoder: Decoder) throws {
        estimate = try EstimateDocument(from: decoder)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        estimateId = try c.decode(Int64.self, forKey: .estimateId)
        runId = try c.decode(Int64.self, forKey: .runId)
        command = try c.decode(String.self, forKey: .command)
        evidence = try c.decode(String.self, forKey: .evidence)
        population = try c.decode(String.self, forKey: .population)
        sharedUnits = try c.decodeIfPresent(Int.self, forKey: .sharedUnits)
    }

    public func encode(to encoder: Encoder) throws {
        try estimate.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(estimateId, forKey: .estimateId)
        try c.encode(runId, forKey: .runId)
        try c.encode(command, forKey: .command)
        try c.encode(evidence, forKey: .evidence)
        try c.encode(population, forKey: .population)
        try c.encode(_sharedUnits, forKey: .sharedUnits)
    }
}

/// An observational estimate and its comparison with the randomized benchmark.
public struct ComparedEstimateDocument: Codable, Sendable {
    public var stored: StoredEstimateDocument
    public var bias: Double
    public var biasInRandomizedSe: Double?
    public var ratio: Double?
    public var ciOverlap: Bool?
    public var z: Double?
    public var pValueEqual: Double?

    enum CodingKeys: String, CodingKey {
        case bias, biasInRandomizedSe, ratio, ciOverlap, z, pValueEqual
    }

    init(_ e: StoredEstimate, _ c: RandomizedBenchmark) {
        stored = StoredEstimateDocument(e)
        bias = c.bias
        biasInRandomizedSe = c.biasInRandomizedSE
        ratio = c.ratio
        ciOverlap = c.intervalsOverlap
        z = c.z
        pValueEqual = c.pValue
    }

    public init(from decoder: Decoder) throws {
        stored = try StoredEstimateDocument(from: decoder)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        bias = try c.decode(Double.self, forKey: .bias)
        biasInRandomizedSe = try c.decodeIfPresent(Double.self, forKey: .biasInRandomizedSe)
        ratio = try c.decodeIfPresent(Double.self, forKey: .ratio)
        ciOverlap = try c.decodeIfPresent(Bool.self, forKey: .ciOverlap)
        z = try c.decodeIfPresent(Double.self, forKey: .z)
        pValueEqual = try c.decodeIfPresent(Double.self, forKey: .pValueEqual)
    }

    public func encode(to encoder: Encoder) throws {
        try stored.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(bias, forKey: .bias)
        try c.encode(biasInRandomizedSe, forKey: .biasInRandomizedSe)
        try c.encode(ratio, forKey: .ratio)
        try c.encode(ciOverlap, forKey: .ciOverlap)
        try c.encode(z, forKey: .z)
        try c.encode(pValueEqual, forKey: .pValueEqual)
    }
}
