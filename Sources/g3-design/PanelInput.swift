import Foundation
import G3Data
import G3Observational

/// The columns of a customer-month panel (default: the seed schema of ARCHITECTURE.md).
struct PanelColumns {
    var unit = "sfdc_customer_id"
    var month = "ar_date"
    var engagement = "firstactivitydate"
    var engagementType = "first_engagement_type"
    var numeric: [String]
    var labels: [String]
}

/// A panel CSV read into an `AccountPanel`: months parsed, numbers coerced with every coercion
/// counted, rows grouped by account in month order. Problems name the file, line and column.
struct PanelInput {
    let panel: AccountPanel
    let rows: Int
    let coercions: [CoercionReport]
    let notes: [String]

    init(table: CSVTable, columns: PanelColumns, missing: MissingPolicy) throws {
        let path = table.source
        let unit = try table.column(columns.unit, purpose: "the account id")
        let month = try table.column(columns.month, purpose: "the month of each row")
        let engagement = try table.column(columns.engagement, purpose: "the engagement date; empty = never engaged")
        let type = table.header.firstIndex(of: columns.engagementType)
        let numericColumns = try columns.numeric.map { try table.column($0, purpose: "a numeric column") }
        let labelColumns = try columns.labels.map { try table.column($0, purpose: "a categorical column") }

        var numbers: [[Double?]] = [], reports: [CoercionReport] = []
        for column in numericColumns {
            let (values, report) = table.numericColumn(column)
            numbers.append(missing == .zero ? values.map { $0 ?? 0 } : values)
            if report.total > 0 { reports.append(report) }
        }
        var keep = Array(table.rows.indices)
        var notes: [String] = []
        if missing == .dropRow {
            keep = keep.filter { r in numbers.allSatisfy { $0[r] != nil } }
            if keep.count < table.rows.count { notes.append("dropped \(table.rows.count - keep.count) rows with a missing number (--missing drop-row)") }
        }
        func monthOf(_ r: Int, _ column: Int) throws -> Int? {
            let text = table.rows[r][column].trimmedSpaces
            if CSVTable.isMissing(text) { return nil }
            guard let m = Month.index(text) else {
                throw DataError("\(path):\(table.lines[r]): column '\(table.header[column])': expected a date like 2025-03-01 or 2025-03, got '\(text)'")
            }
            return m
        }
        var monthOfRow = [Int](repeating: 0, count: table.rows.count), engagedOn = [Int?](repeating: nil, count: table.rows.count)
        for r in keep {
            guard let m = try monthOf(r, month) else { throw DataError("\(path):\(table.lines[r]): column '\(columns.month)': the month is missing") }
            monthOfRow[r] = m
            engagedOn[r] = try monthOf(r, engagement)
        }
        let ids = table.rows.map { $0[unit].trimmedSpaces }
        keep.sort { ids[$0] != ids[$1] ? ids[$0].precedesInByteOrder(ids[$1]) : monthOfRow[$0] < monthOfRow[$1] }
        var accounts: [AccountPanel.Account] = []
        var start = 0, inconsistent = 0
        while start < keep.count {
            var end = start + 1
            while end < keep.count, ids[keep[end]] == ids[keep[start]] { end += 1 }
            for k in start + 1 ..< end where monthOfRow[keep[k]] == monthOfRow[keep[k - 1]] {
                throw DataError("\(path):\(table.lines[keep[k]]): account '\(ids[keep[k]])' has a second row for \(AccountPanel.label(monthOfRow[keep[k]])) (first on line \(table.lines[keep[k - 1]]))")
            }
            let dates = Set(keep[start..<end].compactMap { engagedOn[$0] })
            if dates.count > 1 { inconsistent += 1 }
            accounts.append(.init(id: ids[keep[start]], engagementMonth: dates.min(),
                                  engagementType: type.flatMap { c in keep[start..<end].map { table.rows[$0][c].trimmedSpaces }.first { !CSVTable.isMissing($0) } },
                                  rows: start..<end))
            start = end
        }
        if inconsistent > 0 { notes.append("\(inconsistent) accounts have different engagement dates on different rows; the earliest is used") }
        panel = AccountPanel(
            accounts: accounts, month: keep.map { monthOfRow[$0] },
            numbers: Dictionary(uniqueKeysWithValues: zip(columns.numeric, numbers.map { column in keep.map { column[$0] } })),
            labels: Dictionary(uniqueKeysWithValues: zip(columns.labels, labelColumns.map { c in
                keep.map { r -> String? in let v = table.rows[r][c].trimmedSpaces; return CSVTable.isMissing(v) ? nil : v }
            })))
        rows = keep.count
        coercions = reports
        self.notes = notes
    }
}
