import G3Stats

/// The accounts a design simulation resamples, from their history: each account's follow-up mean
/// of the outcome (what the experiment compares), its baseline mean (for the difference in
/// differences and CUPED), Lin's covariates, its stratum, and its re-randomization covariates.
public struct SimulationAccounts: Sendable {
    public let outcome: [Double]
    public let baseline: [Double]
    /// Lin's covariates, row-major (`covariateCount` per account).
    let covariates: [Double]
    public let covariateCount: Int
    /// Each account's stratum, an index into `stratumNames` (sorted in byte order).
    let strata: [Int]
    public let stratumNames: [String]
    /// The re-randomization covariates, row-major (`balanceCount` per account); empty without.
    let balance: [Double]
    let balanceCount: Int

    public var count: Int { outcome.count }

    /// `series[a]`: account a's outcome in each of the `baselineMonths` then follow-up months;
    /// `covariates` and `balance` hold one column per covariate; `strata[a]` names account a's stratum.
    public init(
        series: [[Double]], baselineMonths: Int, covariates: [[Double]], strata: [String], balance: [[Double]]
    ) throws {
        let n = series.count
        guard n >= 4 else { throw DomainError("a simulation needs at least 4 accounts, got \(n)") }
        guard baselineMonths >= 1, series.allSatisfy({ $0.count > baselineMonths }), strata.count == n,
            (covariates + balance).allSatisfy({ $0.count == n })
        else { throw DomainError("every account needs its baseline and follow-up months, a stratum and covariates") }
        outcome = series.map { Moments($0[baselineMonths...]).mean }
        baseline = series.map { Moments($0[..<baselineMonths]).mean }
        self.covariates = (0..<n).flatMap { i in covariates.map { $0[i] } }
        covariateCount = covariates.count
        stratumNames = Set(strata).sorted { $0.precedesInByteOrder($1) }
        let index = Dictionary(stratumNames.enumerated().map { ($1, $0) }) { first, _ in first }
        self.strata = strata.map { index[$0] ?? 0 }
        self.balance = (0..<n).flatMap { i in balance.map { $0[i] } }
        balanceCount = balance.count
    }

    /// The mean follow-up outcome, the base of a multiplicative effect's truth.
    public var meanOutcome: Double { Moments(outcome).mean }
}
