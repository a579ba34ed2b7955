/// Baseline covariates per account from months *before* its reference month: the engagement month
/// for engaged accounts, and for the others the end of the baseline window (the earliest engagement
/// in the data unless given). Averages that include post-engagement months would carry the
/// treatment into the propensity model (METHODS.md, mistake 5).
public struct Baseline: Sendable {
    /// Accounts with a complete baseline, as indices into the panel.
    public let accounts: [Int]
    public let covariates: [Covariate]
    /// Accounts left out, with the reason.
    public let dropped: [(id: String, reason: String)]
    /// The reference month of the never-engaged accounts.
    public let controlReference: Int

    public init(panel: AccountPanel, numeric: [String], categorical: [String], controlReference: Int? = nil) throws {
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
        var kept: [Int] = []
        var dropped: [(String, String)] = []
        var numbers = [[Double]](repeating: [], count: numeric.count)
        var labels = [[String]](repeating: [], count: categorical.count)
        let means = numeric.map(panel.baselineMean)
        let lastLabels = categorical.map(panel.baselineLabel)
        for (a, account) in panel.accounts.enumerated() {
            let end = account.engagementMonth ?? reference
            let values = means.map { $0(a, end) }
            let levels = lastLabels.map { $0(a, end) }
            if let missing = zip(numeric, values).first(where: { $0.1 == nil })?.0
                ?? zip(categorical, levels).first(where: { $0.1 == nil })?.0
            {
                dropped.append((account.id, "no baseline value of \(missing) before \(AccountPanel.label(end))"))
                continue
            }
            kept.append(a)
            for j in numeric.indices { numbers[j].append(values[j]!) }
            for j in categorical.indices { labels[j].append(levels[j]!) }
        }
        accounts = kept
        self.dropped = dropped
        covariates =
            numeric.indices.map { .numeric(name: numeric[$0], values: numbers[$0]) }
            + categorical.indices.map { .categorical(name: categorical[$0], values: labels[$0]) }
    }
}
