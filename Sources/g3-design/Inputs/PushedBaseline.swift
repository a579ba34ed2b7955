import G3Data
import G3Observational
import G3Warehouse

/// The baselines a database reduced (`BaselineReduction`'s rows), checked against the rows the reader
/// read: each kept account once, with the same row count, first and last month and engagement month.
/// A disagreement (dates the SQL cannot read as YYYY-MM text, ids that trim differently, rows changed
/// between the queries) is an error, not a baseline over other months.
struct PushedBaseline {
    let means: [String: NumberColumn]
    let lastLabels: [String: LabelColumn]
    /// Each reduced number column's NULLs over all rows.
    let reports: [CoercionReport]

    init(rows: [[String?]], reduction: BaselineReduction, input: PanelInput, source: String) throws {
        let accounts = input.panel.accounts
        let index = Dictionary(accounts.enumerated().map { ($1.id, $0) }) { first, _ in first }
        let numbers = reduction.numbers
        var found = [Bool](repeating: false, count: accounts.count)
        var means = numbers.map { _ in [Double?](repeating: nil, count: accounts.count) }
        var labels = reduction.labels.map { _ in [String?](repeating: nil, count: accounts.count) }
        var nulls = [Int](repeating: 0, count: numbers.count)
        let width =
            BaselineReduction.keyColumns + BaselineReduction.numberColumns * numbers.count + reduction.labels.count
        for row in rows {
            guard row.count == width else {
                throw DataError("\(source): the reduction query sent \(row.count) columns, expected \(width)")
            }
            let id = (row[0] ?? "").trimmedSpaces
            let cells = Cells(row: row, numbers: numbers.count, source: source, account: id)
            for (i, name) in numbers.enumerated() {
                nulls[i] += try cells.nulls(i, column: name)
                try cells.checkLargest(i, column: name)
            }
            guard let a = index[id] else { continue }
            guard !found[a] else { throw DataError("\(source): the reduction query sent account '\(id)' twice") }
            found[a] = true
            try Self.check(row, account: accounts[a], months: input.panel.month, source: source)
            for (i, name) in numbers.enumerated() { means[i][a] = try cells.mean(i, column: name) }
            for (j, name) in reduction.labels.enumerated() { labels[j][a] = try cells.label(j, column: name) }
        }
        if let missing = found.firstIndex(of: false) {
            throw DataError("\(source): the reduction query sent no row for account '\(accounts[missing].id)'")
        }
        self.means = Dictionary(zip(numbers, means.map { NumberColumn($0) })) { first, _ in first }
        lastLabels = Dictionary(zip(reduction.labels, labels.map { LabelColumn($0) })) { first, _ in first }
        reports = zip(numbers, nulls).map { CoercionReport(column: $0, nulls: $1) }
    }

    /// The account's row count, first and last month and engagement month as the rows give them.
    static func check(_ row: [String?], account: AccountPanel.Account, months: [Int], source: String) throws {
        let rows = account.rows
        let expected = [
            String(rows.count), AccountPanel.label(months[rows.lowerBound]),
            AccountPanel.label(months[rows.upperBound - 1]),
            account.engagementMonth.map(AccountPanel.label) ?? "never"
        ]
        let sent = row[1..<BaselineReduction.keyColumns].map { $0 ?? "never" }
        guard sent != expected else { return }
        throw DataError(
            "\(source): the database reads account '\(account.id)' differently from its rows (rows, first and last month, engagement: \(expected.joined(separator: ", ")) in the rows, \(sent.joined(separator: ", ")) in the reduction); the month and engagement columns need ISO dates (YYYY-MM-DD or YYYY-MM) to be compared in SQL, or pass --no-pushdown"
        )
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

        func nulls(_ i: Int, column: String) throws -> Int { try count(row[first(i) + 2], column: column) }

        private func count(_ text: String?, column: String) throws -> Int {
            guard let text, let count = Int(text), count >= 0 else {
                throw DataError(
                    "\(source): column '\(column)': the reduction sent '\(text ?? "NULL")' for a count of account '\(account)'"
                )
            }
            return count
        }

        /// A value beyond ±1e150 makes the column unusable, as in a CSV.
        func checkLargest(_ i: Int, column: String) throws {
            guard let largest = try number(row[first(i) + 3], column: column),
                largest > NumberText.largestMagnitude
            else { return }
            throw DataError(
                "\(source): column '\(column)': account '\(account)' has a value beyond ±1e150 (whose square overflows a double); rescale the column, e.g. to thousands"
            )
        }

        /// The label after the 7 characters of its month; a missing token the SQL kept (tabs around
        /// it) would hide the label before it, so it is an error.
        func label(_ j: Int, column: String) throws -> String? {
            guard let text = row[first(numbers) + j] else { return nil }
            let label = String(text.dropFirst(7)).trimmedSpaces
            guard !["", "NA", "NAN", "NULL"].contains(label.uppercased()) else {
                throw DataError(
                    "\(source): column '\(column)': account '\(account)' has the missing value '\(label)' with tabs around it, which the SQL reads as a label; trim the column"
                )
            }
            return label
        }

        private func number(_ text: String?, column: String) throws -> Double? {
            guard let text else { return nil }
            guard let value = Double(text), value.isFinite else {
                throw DataError(
                    "\(source): column '\(column)': account '\(account)' has NaN or an infinite value ('\(text)'), which the database cannot average; a CSV reads them as missing: set them to NULL in a --query, or pass --no-pushdown"
                )
            }
            return value
        }
    }
}
