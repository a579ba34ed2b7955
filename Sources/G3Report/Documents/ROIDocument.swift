import G3Observational
import G3Registry

/// `roi --format json`: the return on the program from a stored effect estimate.
public struct ROIDocument: Codable, Sendable {
    public var schemaVersion = ResultJSON.schemaVersion
    public var estimateId: Int64
    public var method: String
    public var metric: String
    public var population: String
    public var effect: Double
    public var effectCiLow: Double
    public var effectCiHigh: Double
    public var accounts: Int
    public var months: Int
    public var margin: Double
    public var cost: Double
    public var incremental: Double
    public var incrementalCiLow: Double
    public var incrementalCiHigh: Double
    public var roi: Double
    public var roiCiLow: Double
    public var roiCiHigh: Double
    public var revenuePerDollar: Double
    public var revenuePerDollarCiLow: Double
    public var revenuePerDollarCiHigh: Double
    public var breakEvenEffect: Double
    public var verdict: String
    public var conclusion: String

    init(_ r: ProgramReturn, estimate: StoredEstimate, conclusion: String) {
        estimateId = estimate.id
        method = estimate.record.method
        metric = estimate.record.metric
        population = estimate.record.population
        effect = r.effect
        effectCiLow = r.effectLow
        effectCiHigh = r.effectHigh
        accounts = r.accounts
        months = r.months
        margin = r.margin
        cost = r.cost
        incremental = r.incremental
        incrementalCiLow = r.incrementalInterval.low
        incrementalCiHigh = r.incrementalInterval.high
        roi = r.roi
        roiCiLow = r.roiInterval.low
        roiCiHigh = r.roiInterval.high
        revenuePerDollar = r.revenuePerDollar
        revenuePerDollarCiLow = r.revenuePerDollarInterval.low
        revenuePerDollarCiHigh = r.revenuePerDollarInterval.high
        breakEvenEffect = r.breakEvenEffect
        verdict = r.verdict.rawValue
        self.conclusion = conclusion
    }
}
