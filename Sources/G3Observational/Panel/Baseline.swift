import G3Data

/// Baseline covariates per account from months *before* its reference month: the engagement month
/// for engaged accounts, and for the others the end of the baseline window (the earliest engagement
/// in the data unless given). Averages that include post-engagement months would carry the
/// treatment into the propensity model (METHODS.md, mistake 5).
public struct Baseline: Sendable {
    /// Accounts with a complete baseline, as indices into the panel.
    public let accounts: [Int]
    public let covariates: [Covariate]
    /// How many accounts were left out, and the first of them with the reason (a list of them all
    /// would hold a string per account: 80 MB for the 845,000 of a 100× panel).
    public let droppedCount: Int
    public let firstDropped: (id: String, reason: String)?
    /// The reference month of the never-engaged accounts.
    public let controlReference: Int

    /// `among`: the panel accounts to consider, in that order (nil: all of them).
    public init(
        panel: AccountPanel, numeric: [String], categorical: [String], controlReference: Int? = nil,
        among: [Int]? = nil
    ) throws {
        guard let first = panel.firstEngagement else {
            throw ObservationalError("no account is engaged: the engagement date column is empty everywhere")
        }
        guard panel.accounts.contains(where: { $0.engagementMonth == nil }) else {
            throw ObservationalError("every account is engaged: there are no never-engaged accounts to compare with")
        }
        let reference = controlReference ?? first
        self.controlReference = reference
        if let reduced = panel.reduced, reduced.controlReference != reference,
            let column = numeric.first(where: { panel.numbers[$0] == nil && reduced.means[$0] != nil })
                ?? categorical.first(where: { panel.labels[$0] == nil && reduced.lastLabels[$0] != nil })
        {
            throw ObservationalError(
                "the baseline of \(column) was reduced while reading for never-engaged accounts before \(AccountPanel.label(reduced.controlReference)), not \(AccountPanel.label(reference)); read the panel again with that baseline end"
            )
        }
        let candidates = among ?? Array(panel.accounts.indices)
        let ends = candidates.map { panel.accounts[$0].engagementMonth ?? reference }
        // Column by column (no array per account); an account's first missing column, numeric before
        // categorical, names why it is left out, and later columns skip it.
        var firstMissing = [Int](repeating: numeric.count + categorical.count, count: ends.count)
        var numbers = numeric.indices.map { j in
            Self.column(
                panel.baselineMean(numeric[j]), of: candidates, ends: ends, index: j, firstMissing: &firstMissing,
                empty: 0)
        }
        var labels = categorical.indices.map { j in
            let baseline = panel.baselineLabel(categorical[j])
            let codes = Self.column(
                baseline.code, of: candidates, ends: ends, index: numeric.count + j, firstMissing: &firstMissing,
                empty: -1)
            return LabelColumn(codes: codes, levels: baseline.levels)
        }
        let names = numeric + categorical
        let kept = ends.indices.filter { firstMissing[$0] == names.count }
        for j in numbers.indices { Self.keep(kept, of: &numbers[j]) }
        for j in labels.indices { labels[j] = labels[j].gathered(kept) }
        accounts = kept.map { candidates[$0] }
        droppedCount = ends.count - kept.count
        firstDropped = ends.indices.first { firstMissing[$0] < names.count }.map { i in
            (
                panel.accounts[candidates[i]].id,
                "no baseline value of \(names[firstMissing[i]]) before \(AccountPanel.label(ends[i]))"
            )
        }
        covariates =
            zip(numeric, numbers).map { .numeric(name: $0, values: $1) }
            + zip(categorical, labels).map { .categorical(name: $0, values: $1) }
    }

    /// Moves the values at the increasing indices `kept` to the front, in place, and drops the rest.
    private static func keep<T>(_ kept: [Int], of values: inout [T]) {
        for (position, a) in kept.enumerated() { values[position] = values[a] }
        values.removeLast(values.count - kept.count)
    }

    /// One column's baseline for every account (`accounts[i]`, reference month `ends[i]`) whose earlier
    /// columns all have one (`empty` elsewhere); an account without a value gets `index` as its first
    /// missing column.
    private static func column<T>(
        _ value: (_ account: Int, _ reference: Int) -> T?, of accounts: [Int], ends: [Int], index: Int,
        firstMissing: inout [Int], empty: T
    ) -> [T] {
        var values = [T](repeating: empty, count: ends.count)
        for i in ends.indices where firstMissing[i] > index {
            if let v = value(accounts[i], ends[i]) { values[i] = v } else { firstMissing[i] = index }
        }
        return values
    }
}
