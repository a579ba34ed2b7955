import Foundation
import G3Data
import G3Observational
import G3Stats

/// The columns the reader keeps of a customer-month panel (the defaults live in `PanelChoices`).
struct PanelColumns {
    var unit: String
    var month: String
    var engagement: String
    var engagementType: String
    var numeric: [String]
    var labels: [String]
}

/// A panel CSV read into an `AccountPanel` in one typed pass (`TypedCSVReader`): months parsed,
/// numbers coerced with every coercion counted, rows grouped by account in month order. Problems
/// name the file, line and column.
struct PanelInput {
    let panel: AccountPanel
    let rows: Int
    let coercions: [CoercionReport]
    let notes: [String]
    /// Engaged accounts left out because their engagement month leaves no month before or after it in the panel.
    let excluded: [ExcludedAccount]

    struct ExcludedAccount {
        let id: String
        let engagementMonth: Int
        /// "engaged in or before the panel's first month" or "engaged in or after the panel's last month".
        let reason: String
    }

    /// The steps: read the columns → apply the missing-number policy → parse months → sort and group
    /// rows by account → exclude engagements outside the panel's months → build the panel.
    init(file: TypedCSVReader.File, columns: PanelColumns, missing: MissingPolicy) throws {
        let path = file.path
        let type = file.header.contains(columns.engagementType) ? columns.engagementType : nil
        let purposes = [
            columns.unit: "the account id", columns.month: "the month of each row",
            columns.engagement: "the engagement date; empty = never engaged"
        ]
        let textColumns = uniqueInOrder(
            [columns.unit, columns.month, columns.engagement] + [type].compactMap { $0 } + columns.labels)
        let table = try file.columns(
            numeric: columns.numeric, text: textColumns,
            purpose: { purposes[$0] ?? (columns.numeric.contains($0) ? "a numeric column" : "a categorical column") })
        let n = table.rowCount
        let numbers = columns.numeric.map { name in
            let values = table.numbers[name] ?? []
            return missing == .zero ? NumberColumn(values.map { $0 ?? 0 }) : values
        }
        coercions = columns.numeric.compactMap { table.reports[$0] }.filter { !$0.isEmpty }
        var keep = Array(0..<n)
        var notes: [String] = []
        if missing == .dropRow {
            keep = keep.filter { r in numbers.allSatisfy { $0[r] != nil } }
            if keep.count < n {
                notes.append("dropped \(n - keep.count) rows with a missing number (--missing drop-row)")
            }
        }
        let monthOfRow = try Self.months(table, columns.month, path: path)
        let engagedOn = try Self.months(table, columns.engagement, path: path)
        if let r = keep.first(where: { monthOfRow[$0] == nil }) {
            throw DataError("\(path):\(table.lines[r]): column '\(columns.month)': the month is missing")
        }
        let unitCodes = table.codes[columns.unit] ?? []
        if let r = keep.first(where: { unitCodes[$0] < 0 }) {
            throw DataError("\(path):\(table.lines[r]): column '\(columns.unit)': the account id is missing")
        }
        let months = monthOfRow.map { $0 ?? 0 }  // every kept row has its month (checked above)
        // Accounts in byte order of their ids, rows in month order.
        let rank = Self.byteOrderRanks(table.levels[columns.unit] ?? [])
        keep.sort { a, b in
            let ra = rank[Int(unitCodes[a])]
            let rb = rank[Int(unitCodes[b])]
            return ra != rb ? ra < rb : months[a] < months[b]
        }
        let grouped = try Self.accounts(
            keep, table: table, columns: columns, type: type, months: months, engagedOn: engagedOn, path: path)
        if grouped.inconsistent > 0 {
            notes.append(
                "\(grouped.inconsistent) accounts have different engagement dates on different rows; the earliest is used"
            )
        }
        let range = try Self.monthRange(
            keep.map { months[$0] }, lines: keep.map { table.lines[$0] }, path: path, column: columns.month)
        let (accounts, excluded) = Self.excludeOutside(grouped.accounts, range: range)
        notes += try Self.exclusionNotes(excluded, kept: accounts, range: range, path: path)
        // A file already in (account, month) order, as warehouse extracts usually are, needs no copy of its columns.
        let inOrder = keep.count == n && keep.elementsEqual(0..<n)
        panel = AccountPanel(
            accounts: accounts, month: keep.map { months[$0] },
            numbers: Dictionary(
                zip(columns.numeric, numbers.map { column in inOrder ? column : column.gathered(keep) })
            ) { first, _ in first },
            labels: Dictionary(
                columns.labels.map { name in
                    let column = LabelColumn(codes: table.codes[name] ?? [], levels: table.levels[name] ?? [])
                    return (name, inOrder ? column : column.gathered(keep))
                }
            ) { first, _ in first })
        rows = keep.count
        self.notes = notes
        self.excluded = excluded
    }

    /// A date column's months; each distinct date text is parsed once.
    static func months(_ table: TypedColumns, _ column: String, path: String) throws -> [Int?] {
        let levels = table.levels[column] ?? []
        let codes = table.codes[column] ?? []
        let parsed = levels.map { Month.index($0) }
        if let bad = parsed.firstIndex(of: nil), let row = codes.firstIndex(of: Int32(bad)) {
            throw DataError(
                "\(path):\(table.lines[row]): column '\(column)': expected a date like 2025-03-01 or 2025-03, got '\(levels[bad])'"
            )
        }
        return codes.map { $0 < 0 ? nil : parsed[Int($0)] }
    }

    /// The sorted rows grouped into accounts: a second row for the same month is an error; the earliest
    /// engagement date of an account counts (`inconsistent` accounts have several).
    static func accounts(
        _ keep: [Int], table: TypedColumns, columns: PanelColumns, type: String?, months: [Int], engagedOn: [Int?],
        path: String
    ) throws -> (accounts: [AccountPanel.Account], inconsistent: Int) {
        let unitCodes = table.codes[columns.unit] ?? []
        let unitLevels = table.levels[columns.unit] ?? []
        let typeCodes = type.flatMap { table.codes[$0] }
        let typeLevels = type.flatMap { table.levels[$0] } ?? []
        var accounts: [AccountPanel.Account] = []
        var start = 0
        var inconsistent = 0
        while start < keep.count {
            var end = start + 1
            while end < keep.count, unitCodes[keep[end]] == unitCodes[keep[start]] { end += 1 }
            for k in start + 1..<end where months[keep[k]] == months[keep[k - 1]] {
                throw DataError(
                    "\(path):\(table.lines[keep[k]]): account '\(unitLevels[Int(unitCodes[keep[k]])])' has a second row for \(AccountPanel.label(months[keep[k]])) (first on line \(table.lines[keep[k - 1]]))"
                )
            }
            let dates = keep[start..<end].compactMap { engagedOn[$0] }
            if Set(dates).count > 1 { inconsistent += 1 }
            let engagementType = typeCodes.flatMap { codes in
                keep[start..<end].lazy.map { codes[$0] }.first { $0 >= 0 }.map { typeLevels[Int($0)] }
            }
            accounts.append(
                .init(
                    id: unitLevels[Int(unitCodes[keep[start]])], engagementMonth: dates.min(),
                    engagementType: engagementType, rows: start..<end))
            start = end
        }
        return (accounts, inconsistent)
    }

    /// The note on the engagements excluded for lying outside the panel's months; an error when no
    /// engaged account is left.
    static func exclusionNotes(
        _ excluded: [ExcludedAccount], kept accounts: [AccountPanel.Account], range: ClosedRange<Int>, path: String
    ) throws -> [String] {
        guard let firstExcluded = excluded.first else { return [] }
        guard accounts.contains(where: { $0.engagementMonth != nil }) else {
            throw DataError(
                "\(path): no account is engaged inside the panel's months \(AccountPanel.label(range.lowerBound))…\(AccountPanel.label(range.upperBound)): all \(excluded.count) engaged accounts have no month before or no month after their engagement (first: '\(firstExcluded.id)', engaged \(AccountPanel.label(firstExcluded.engagementMonth)); a one-month panel or a mistyped year?)"
            )
        }
        let before = excluded.filter { $0.engagementMonth <= range.lowerBound }.count
        return [
            "\(excluded.count) engaged accounts left out: \(before) engaged in or before the panel's first month \(AccountPanel.label(range.lowerBound)) (no baseline month), \(excluded.count - before) in or after its last month \(AccountPanel.label(range.upperBound)) (no month after engagement); listed under excluded_accounts in the JSON and in excluded-accounts.csv with --out"
        ]
    }

    /// The panel's first and last month. A month more than 24 months after the one before it (a
    /// sentinel date such as 9999-12) is an error naming its line, not a silently stretched window.
    static func monthRange(_ months: [Int], lines: [Int], path: String, column: String) throws -> ClosedRange<Int> {
        let distinct = Set(months).sorted()
        guard let first = distinct.first, let last = distinct.last else {
            throw DataError("\(path): no data rows after the header")
        }
        for (a, b) in zip(distinct, distinct.dropFirst()) where b - a > 24 {
            let line = zip(months, lines).first { $0.0 == b }?.1 ?? 0
            throw DataError(
                "\(path):\(line): column '\(column)': \(AccountPanel.label(b)) is \(b - a) months after the panel's previous month \(AccountPanel.label(a)); a sentinel or mistyped date?"
            )
        }
        return first...last
    }

    /// Keeps never-engaged accounts and those engaged strictly inside the panel's months.
    static func excludeOutside(_ accounts: [AccountPanel.Account], range: ClosedRange<Int>) -> (
        [AccountPanel.Account], [ExcludedAccount]
    ) {
        var kept: [AccountPanel.Account] = []
        var excluded: [ExcludedAccount] = []
        for account in accounts {
            guard let m = account.engagementMonth, m <= range.lowerBound || m >= range.upperBound else {
                kept.append(account)
                continue
            }
            let reason =
                m <= range.lowerBound
                ? "engaged in or before the panel's first month" : "engaged in or after the panel's last month"
            excluded.append(ExcludedAccount(id: account.id, engagementMonth: m, reason: reason))
        }
        return (kept, excluded)
    }

    /// The rank of each value in byte order (so accounts sort the same way whatever the file's order).
    static func byteOrderRanks(_ values: [String]) -> [Int] {
        let order = values.indices.sorted { values[$0].precedesInByteOrder(values[$1]) }
        var rank = [Int](repeating: 0, count: values.count)
        for (r, i) in order.enumerated() { rank[i] = r }
        return rank
    }
}
