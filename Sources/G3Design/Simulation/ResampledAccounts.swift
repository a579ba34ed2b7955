/// One replication's accounts: `pick[i]` is the history account drawn for position i (with
/// replacement), grouped by stratum for the randomization.
struct ResampledAccounts {
    let pick: [Int]
    /// The names of the strata drawn, in byte order, and the positions in each.
    let strata: [String]
    let groups: [[Int]]
    /// Each position's index into `strata`.
    private let stratumOf: [Int]

    init(_ a: SimulationAccounts, _ pick: [Int]) {
        self.pick = pick
        var members = [[Int]](repeating: [], count: a.stratumNames.count)
        for (i, k) in pick.enumerated() { members[a.strata[k]].append(i) }
        let present = members.indices.filter { !members[$0].isEmpty }
        strata = present.map { a.stratumNames[$0] }
        groups = present.map { members[$0] }
        var dense = [Int](repeating: 0, count: a.stratumNames.count)
        for (d, s) in present.enumerated() { dense[s] = d }
        stratumOf = pick.map { dense[a.strata[$0]] }
    }

    /// The re-randomization criterion on the drawn accounts; nil when the design has none.
    func balance(of a: SimulationAccounts) throws -> MahalanobisBalance? {
        guard a.balanceCount > 0 else { return nil }
        let k = a.balanceCount
        var values = [Double](repeating: 0, count: pick.count * k)
        for (i, account) in pick.enumerated() {
            for j in 0..<k { values[i * k + j] = a.balance[account * k + j] }
        }
        return try MahalanobisBalance(values: values, width: k)
    }

    /// Lin's covariates for the drawn accounts, centred at their means: the history covariates, then
    /// one indicator per drawn stratum but the first when there are several (`lm_lin` with blocks).
    func linCovariates(of a: SimulationAccounts) -> (rows: [Double], width: Int) {
        let k = a.covariateCount
        let dummies = max(strata.count - 1, 0)
        let width = k + dummies
        let n = pick.count
        var rows = [Double](repeating: 0, count: n * width)
        var sums = [Double](repeating: 0, count: width)
        for (i, account) in pick.enumerated() {
            for j in 0..<k { rows[i * width + j] = a.covariates[account * k + j] }
            if stratumOf[i] > 0 { rows[i * width + k + stratumOf[i] - 1] = 1 }
            for j in 0..<width { sums[j] += rows[i * width + j] }
        }
        let means = sums.map { $0 / Double(n) }
        for i in 0..<n { for j in 0..<width { rows[i * width + j] -= means[j] } }
        return (rows, width)
    }
}
