import G3Data
import G3Observational
import G3Warehouse

/// The baselines a database reduced (`BaselineReduction`'s rows), checked against the rows the reader
/// read: each kept account with baseline months once, with as many baseline rows, and the same first
/// and last of them, as its rows before its reference month. A disagreement (dates the SQL cannot read
/// as YYYY-MM text, ids that trim differently, rows changed between the queries) is an error, not a
/// baseline over other months.
struct PushedBaseline {
    let means: [String: NumberColumn]
    let lastLabels: [String: LabelColumn]
    /// Each reduced number column's NULLs over all rows.
    let reports: [CoercionReport]

    /// `totals`: `totalsStatement`'s one row (nil without number columns).
    init(
        rows: [[String?]], totals: [String?]?, reduction: BaselineReduction, input: PanelInput, expected: Expected,
        source: String
    ) throws {
        try self.init(
            sent: Self.read(rows, reduction: reduction, source: source), totals: totals, reduction: reduction,
            input: input, expected: expected, source: source)
    }

    /// The rows as `read` read them (beside the panel's rows, `ReductionResult`); the same checks, in
    /// the same order, as from the rows themselves.
    init(
        sent: [Result<Sent, any Error>], totals: [String?]?, reduction: BaselineReduction, input: PanelInput,
        expected: Expected, source: String
    ) throws {
        let accounts = input.panel.accounts
        let index = expected.index
        var found = [Bool](repeating: false, count: accounts.count)
        var means = reduction.numbers.map { _ in [Double?](repeating: nil, count: accounts.count) }
        var labels = reduction.labels.map { _ in [String?](repeating: nil, count: accounts.count) }
        for row in sent {
            let row = try row.get()
            guard let a = index[row.id] else { continue }
            guard !found[a] else { throw DataError("\(source): the reduction query sent account '\(row.id)' twice") }
            found[a] = true
            try expected.check(row.keys, row.baseline, a, input: input, source: source)
            for i in means.indices { means[i][a] = try row.means[i].get() }
            for j in labels.indices { labels[j][a] = try row.labels[j].get() }
        }
        for a in accounts.indices where !found[a] {
            try expected.check([], Expected.Baseline(), a, input: input, source: source)
        }
        self.means = Dictionary(zip(reduction.numbers, means.map { NumberColumn($0) })) { first, _ in first }
        lastLabels = Dictionary(zip(reduction.labels, labels.map { LabelColumn($0) })) { first, _ in first }
        reports = try Self.reports(totals, numbers: reduction.numbers, source: source)
    }

    /// One row of the reduction, read on its own (no panel needed): the account, its baseline rows'
    /// count and first and last month as sent and as read, each number column's mean and each label, or
    /// the error that reading them gives.
    struct Sent: Sendable {
        let id: String
        let keys: [String?]
        let baseline: Expected.Baseline
        let means: [Result<Double?, any Error>]
        let labels: [Result<String?, any Error>]
    }

    /// Each row read, or the error of a row of the wrong width.
    static func read(_ rows: [[String?]], reduction: BaselineReduction, source: String) -> [Result<Sent, any Error>] {
        let numbers = reduction.numbers
        let width =
            BaselineReduction.keyColumns + BaselineReduction.numberColumns * numbers.count + reduction.labels.count
        return rows.map { row in
            Result {
                guard row.count == width else {
                    throw DataError("\(source): the reduction query sent \(row.count) columns, expected \(width)")
                }
                let id = (row[0] ?? "").trimmedSpaces
                let cells = Cells(row: row, numbers: numbers.count, source: source, account: id)
                let keys = Array(row[1..<BaselineReduction.keyColumns])
                return Sent(
                    id: id, keys: keys, baseline: Expected.Baseline(sent: keys),
                    means: numbers.enumerated().map { i, name in Result { try cells.mean(i, column: name) } },
                    labels: reduction.labels.enumerated().map { j, name in Result { try cells.label(j, column: name) } }
                )
            }
        }
    }

    /// What the rows say, for checking the reduction: each account's index by id, and its baseline
    /// rows' count and first and last month (those before its reference month), compared as numbers
    /// with what the query sent (nothing for an account it left out). Computed while the database runs
    /// the reduction.
    struct Expected: Sendable {
        let index: [String: Int]
        let baselines: [Baseline]

        struct Baseline: Sendable, Equatable {
            var count = 0
            var first = Int.min
            var last = Int.min

            init() {}

            /// The count and the first and last month a reduction row sent (ISO YYYY-MM; `Int.min` for
            /// anything else), compared as numbers.
            init(sent: [String?]) {
                count = sent.first.flatMap { $0 }.flatMap { Int($0) } ?? 0
                first = PushedBaseline.isoMonth(sent.dropFirst().first ?? nil)
                last = PushedBaseline.isoMonth(sent.dropFirst(2).first ?? nil)
            }
        }

        init(_ panel: AccountPanel, controlReference: Int) {
            index = Dictionary(panel.accounts.enumerated().map { ($1.id, $0) }) { first, _ in first }
            baselines = panel.accounts.map { account in
                let end = account.engagementMonth ?? controlReference
                var baseline = Baseline()
                for row in account.rows where panel.month[row] < end {
                    if baseline.count == 0 { baseline.first = panel.month[row] }
                    baseline.last = panel.month[row]
                    baseline.count += 1
                }
                return baseline
            }
        }

        /// Refuses a reduction row (`sent`: count, first and last month, empty when none came; `received`:
        /// them read) that disagrees with account `a`'s rows.
        func check(_ sent: [String?], _ received: Baseline, _ a: Int, input: PanelInput, source: String) throws {
            let account = input.panel.accounts[a]
            let end = account.engagementMonth ?? input.controlReference
            let expected = baselines[a]
            guard received != expected else { return }
            let rows =
                expected.count == 0
                ? "none"
                : "\(expected.count), \(AccountPanel.label(expected.first)), \(AccountPanel.label(expected.last))"
            let described = sent.isEmpty ? "none" : sent.map { $0 ?? "NULL" }.joined(separator: ", ")
            throw DataError(
                "\(source): the database reads account '\(account.id)' differently from its rows (baseline rows before \(AccountPanel.label(end)), first and last month: \(rows) in the rows, \(described) in the reduction); the month and engagement columns need ISO dates (YYYY-MM-DD or YYYY-MM) to be compared in SQL, or pass --no-pushdown"
            )
        }
    }

    static func isoMonth(_ text: String?) -> Int {
        guard let text, text.utf8.count == 7, text.utf8.dropFirst(4).first == UInt8(ascii: "-") else { return Int.min }
        return Month.index(text) ?? Int.min
    }

    /// Each number column's NULLs as empty cells; a value beyond ±1e150 makes it unusable, as in a CSV.
    static func reports(_ totals: [String?]?, numbers: [String], source: String) throws -> [CoercionReport] {
        guard let totals else { return [] }
        guard totals.count == 2 * numbers.count else {
            throw DataError("\(source): the totals query sent \(totals.count) columns, expected \(2 * numbers.count)")
        }
        let cells = Cells(row: totals, numbers: 0, source: source, account: "")
        return try numbers.enumerated().map { i, name in
            if let largest = try cells.number(totals[2 * i + 1], column: name), largest > NumberText.largestMagnitude {
                throw DataError(
                    "\(source): column '\(name)' has a value beyond ±1e150 (whose square overflows a double); rescale the column, e.g. to thousands"
                )
            }
            return CoercionReport(column: name, nulls: try cells.count(totals[2 * i], column: name))
        }
    }

    /// One result row's cells, read with messages naming the column and the account.
    struct Cells {
        let row: [String?]
        let numbers: Int
        let source: String
        let account: String

        /// The first of number column i's cells.
        func first(_ i: Int) -> Int { BaselineReduction.keyColumns + BaselineReduction.numberColumns * i }

        /// sum / count, as the CSV path divides its month-ordered sum (+0.0: a sum of −0.0 alone is +0.0
        /// there); nil without a value.
        func mean(_ i: Int, column: String) throws -> Double? {
            let count = try self.count(row[first(i) + 1], column: column)
            guard count > 0, let sum = try number(row[first(i)], column: column) else { return nil }
            return (sum + 0.0) / Double(count)
        }

        /// The label after the 7 characters of its month; a missing token the SQL kept (tabs around
        /// it) would hide the label before it, so it is an error.
        func label(_ j: Int, column: String) throws -> String? {
            guard let text = row[first(numbers) + j] else { return nil }
            // The month is 7 ASCII bytes; dropped as bytes, a label that begins with a combining mark
            // keeps it (as 7 Characters, the mark would go with the month's last digit).
            let label = String(decoding: text.utf8.dropFirst(7), as: UTF8.self).trimmedSpaces
            guard !["", "NA", "NAN", "NULL"].contains(label.uppercased()) else {
                throw DataError(
                    "\(source): column '\(column)': account '\(account)' has the missing value '\(label)' with tabs around it, which the SQL reads as a label; trim the column"
                )
            }
            return label
        }

        func count(_ text: String?, column: String) throws -> Int {
            guard let text, let count = Int(text), count >= 0 else {
                throw DataError(
                    "\(source): column '\(column)': the reduction sent '\(text ?? "NULL")' for a count\(account.isEmpty ? "" : " of account '\(account)'")"
                )
            }
            return count
        }

        func number(_ text: String?, column: String) throws -> Double? {
            guard let text else { return nil }
            guard let value = Double(text), value.isFinite else {
                throw DataError(
                    "\(source): column '\(column)'\(account.isEmpty ? "" : ", account '\(account)'"): NaN or an infinite value ('\(text)'), which the database cannot sum; a CSV reads them as missing: set them to NULL in a --query, or pass --no-pushdown"
                )
            }
            return value
        }
    }
}
