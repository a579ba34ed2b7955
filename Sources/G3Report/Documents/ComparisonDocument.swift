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

/// A registry estimate: the shared estimate keys (`outcome` is the metric), where it was stored,
/// and how many of its units the experiment shares.
public typealias StoredEstimateDocument = Merged<EstimateDocument, StorageDocument>

/// An observational estimate and its comparison with the randomized benchmark.
public typealias ComparedEstimateDocument = Merged<StoredEstimateDocument, BenchmarkDocument>

/// Where a registry estimate was stored.
public struct StorageDocument: Codable, Sendable {
    public var estimateId: Int64
    public var runId: Int64
    public var command: String
    public var evidence: String
    public var population: String
    @Null public var sharedUnits: Int?
}

/// An observational estimate judged against the randomized benchmark (`RandomizedBenchmark`).
public struct BenchmarkDocument: Codable, Sendable {
    public var bias: Double
    @Null public var biasInRandomizedSe: Double?
    @Null public var ratio: Double?
    @Null public var ciOverlap: Bool?
    @Null public var z: Double?
    @Null public var pValueEqual: Double?
}

extension Merged where Base == EstimateDocument, Extra == StorageDocument {
    public init(_ e: StoredEstimate) {
        let r = e.record
        let estimate = EstimateDocument(
            outcome: r.metric, methodName: r.method, estimand: r.estimand, estimate: r.estimate, se: r.standardError,
            df: r.degreesOfFreedom, ciLow: r.ciLow, ciHigh: r.ciHigh, pValue: r.pValue, nTreated: r.nTreatment,
            nControl: r.nControl, seMethod: nil)
        let storage = StorageDocument(
            estimateId: e.id, runId: e.runID, command: e.command, evidence: r.evidence.rawValue,
            population: r.population, sharedUnits: r.sharedUnits)
        self.init(estimate, storage)
    }
}

extension Merged where Base == StoredEstimateDocument, Extra == BenchmarkDocument {
    init(_ e: StoredEstimate, _ c: RandomizedBenchmark) {
        let benchmark = BenchmarkDocument(
            bias: c.bias, biasInRandomizedSe: c.biasInRandomizedSE, ratio: c.ratio, ciOverlap: c.intervalsOverlap,
            z: c.z, pValueEqual: c.pValue)
        self.init(StoredEstimateDocument(e), benchmark)
    }
}
