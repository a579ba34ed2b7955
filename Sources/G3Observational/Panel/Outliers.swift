import G3Stats

/// The segment-specific IQR rule of the original analysis: within each segment, an account whose
/// baseline mean of an outcome lies outside [Q1 − k·IQR, Q3 + k·IQR] (quantiles of type 7, k = 2.5 by
/// default) is an outlier. `remove` drops such accounts; `winsorize` clamps every monthly value of
/// the outcome to its segment's fences; `none` only reports.
public struct OutlierRule: Sendable {
    public enum Mode: String, CaseIterable, Sendable { case none, remove, winsorize }
    public var mode: Mode
    public var factor: Double
    public init(mode: Mode, factor: Double = 2.5) {
        self.mode = mode
        self.factor = factor
    }
}

/// What the rule found, per segment and outcome.
public struct OutlierReport: Sendable {
    public struct Cell: Sendable {
        public let segment: String, outcome: String
        public let low: Double, high: Double
        public let flagged: Int
    }
    public let cells: [Cell]
    /// Accounts (panel indices) with at least one flagged outcome.
    public let flaggedAccounts: Set<Int>
}

extension OutlierRule {
    /// Fences per segment and outcome from the accounts' baseline means (before `reference(a)`).
    public func apply(
        to panel: AccountPanel, accounts: [Int], segments: [String], outcomes: [String],
        reference: (Int) -> Int
    ) -> (report: OutlierReport, panel: AccountPanel) {
        var cells: [OutlierReport.Cell] = []
        var flagged = Set<Int>()
        var numbers = panel.numbers
        let bySegment = Dictionary(grouping: accounts.indices, by: { segments[$0] })
        for segment in bySegment.keys.sorted() {
            let members = bySegment[segment]!.map { accounts[$0] }
            for outcome in outcomes {
                let baseline = panel.baselineMean(outcome)
                let means = members.map { a in (a, baseline(a, reference(a))) }
                let values = means.compactMap(\.1).sorted()
                guard values.count >= 4 else { continue }
                let q1 = quantileType7(sorted: values, 0.25)
                let q3 = quantileType7(sorted: values, 0.75)
                let iqr = q3 - q1
                let low = q1 - factor * iqr
                let high = q3 + factor * iqr
                let outside = means.filter { $0.1.map { $0 < low || $0 > high } ?? false }.map(\.0)
                cells.append(.init(segment: segment, outcome: outcome, low: low, high: high, flagged: outside.count))
                flagged.formUnion(outside)
                if mode == .winsorize, var column = numbers[outcome] {
                    for a in members {
                        for row in panel.accounts[a].rows { column[row] = column[row].map { min(max($0, low), high) } }
                    }
                    numbers[outcome] = column
                }
            }
        }
        let adjusted = AccountPanel(
            accounts: panel.accounts, month: panel.month, numbers: numbers, labels: panel.labels,
            reduced: panel.reduced,
            engagementTypes: panel.engagementTypes)
        return (OutlierReport(cells: cells, flaggedAccounts: flagged), adjusted)
    }

}
