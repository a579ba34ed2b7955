import G3Data
import G3Observational
import G3Stats

/// The first of a panel's two passes (`PanelInput`): every row's keys (account, month, engagement
/// date and type) as 4-byte codes, from which follow the panel's order, its accounts and their
/// months. Only with `--missing drop-row` are the numbers read too, to know which rows to drop.
struct PanelKeys {
    /// Where each record's values go in panel order (accounts in byte order of their ids, each
    /// account's rows in month order), and which rows precede their account's reference month.
    let slots: BaselineSlots
    /// The never-engaged accounts' reference month (`--baseline-end`, or the first engagement).
    let controlReference: Int
    /// The month of each row, in panel order.
    let months: [Int]
    /// The accounts (rows: ranges of `order`) without those engaged outside the panel's months.
    let accounts: [AccountPanel.Account]
    let excluded: [PanelInput.ExcludedAccount]
    let notes: [String]
    /// How many records the file has.
    let records: Int
    /// Whether every account's rows carry one engagement month on every row, or none on any (so that a
    /// row's own date gives its account's reference month).
    let uniformEngagement: Bool

    /// The steps: read the keys → drop rows with a missing number (`--missing drop-row`) → parse
    /// months → sort and group rows by account → exclude engagements outside the panel's months.
    /// `controlReference`: the never-engaged accounts' reference month, nil for the first engagement
    /// among the accounts kept.
    init(file: TypedCSVReader.File, columns: PanelColumns, missing: MissingPolicy, controlReference: Int?) throws {
        let path = file.path
        let type = file.header.contains(columns.engagementType) ? columns.engagementType : nil
        let table = try file.columns(
            numeric: missing == .dropRow ? columns.numeric : [],
            text: uniqueInOrder([columns.unit, columns.month, columns.engagement] + [type].compactMap { $0 }),
            purpose: columns.purpose, keepingLines: false)
        // The read keeps no line per row (8 bytes a row); a message finds its line again.
        let line = { (record: Int) in file.line(ofRecord: record) }
        guard table.rowCount <= Int(Int32.max) else {
            throw DataError(
                "\(path): \(table.rowCount) rows; a panel holds at most \(Int32.max) rows (4-byte row numbers)")
        }
        var keep = Array(0..<table.rowCount)
        var notes: [String] = []
        if missing == .dropRow {
            let numbers = columns.numeric.compactMap { table.numbers[$0] }
            keep = keep.filter { r in numbers.allSatisfy { $0[r] != nil } }
            if keep.count < table.rowCount {
                notes.append("dropped \(table.rowCount - keep.count) rows with a missing number (--missing drop-row)")
            }
        }
        let month = try MonthCodes(table, columns.month, path: path, line: line)
        let engagement = try MonthCodes(table, columns.engagement, path: path, line: line)
        if let r = keep.first(where: { month.codes[$0] < 0 }) {
            throw DataError("\(path):\(line(r)): column '\(columns.month)': the month is missing")
        }
        let unitCodes = table.codes[columns.unit] ?? []
        if let r = keep.first(where: { unitCodes[$0] < 0 }) {
            throw DataError("\(path):\(line(r)): column '\(columns.unit)': the account id is missing")
        }
        Self.sort(&keep, units: unitCodes, levels: table.levels[columns.unit] ?? [], month: month)
        let grouped = try Self.accounts(
            keep, table: table, columns: columns, type: type, month: month, engagement: engagement, path: path,
            line: line)
        if grouped.inconsistent > 0 {
            notes.append(
                "\(grouped.inconsistent) accounts have different engagement dates on different rows; the earliest is used"
            )
        }
        let range = try month.range(of: keep, path: path, column: columns.month, line: line)
        let (accounts, excluded) = PanelInput.excludeOutside(grouped.accounts, range: range)
        notes += try PanelInput.exclusionNotes(excluded, kept: accounts, range: range, path: path)
        months = keep.map { month.of($0) }
        let reference = controlReference ?? accounts.compactMap(\.engagementMonth).min() ?? Int.min
        slots = BaselineSlots(
            order: keep, records: table.rowCount, accounts: accounts, months: months, reference: reference)
        self.controlReference = reference
        self.accounts = accounts
        self.excluded = excluded
        self.notes = notes
        records = table.rowCount
        uniformEngagement = grouped.mixed == 0
    }

    /// Accounts in byte order of their ids (so that they sort the same way whatever the file's
    /// order), rows in month order, rows of the same account and month in file order; a file already
    /// in that order, as warehouse extracts usually are, is only checked. Otherwise the rows are
    /// counted into their accounts' places (a stable counting sort by the id's rank, O(rows)), and an
    /// account whose rows are not in month order is sorted by (month, row).
    static func sort(_ keep: inout [Int], units: [Int32], levels: [String], month: MonthCodes) {
        var rank = [Int32](repeating: 0, count: levels.count)
        for (r, i) in ByteOrder.sortedIndices(levels).enumerated() { rank[i] = Int32(r) }
        let precedes = { (a: Int, b: Int) -> Bool in
            let ra = rank[Int(units[a])]
            let rb = rank[Int(units[b])]
            return ra != rb ? ra < rb : month.of(a) < month.of(b)
        }
        guard zip(keep, keep.dropFirst()).contains(where: { precedes($1, $0) }) else { return }
        var first = [Int](repeating: 0, count: levels.count + 1)
        for r in keep { first[Int(rank[Int(units[r])]) + 1] += 1 }
        for k in levels.indices { first[k + 1] += first[k] }
        var next = first
        var sorted = [Int](repeating: 0, count: keep.count)
        for r in keep {
            let k = Int(rank[Int(units[r])])
            sorted[next[k]] = r
            next[k] += 1
        }
        for k in levels.indices where first[k + 1] - first[k] > 1 {
            let rows = first[k]..<first[k + 1]
            let inOrder = zip(sorted[rows], sorted[rows].dropFirst()).allSatisfy { month.of($0) <= month.of($1) }
            if !inOrder {
                sorted[rows].sort { a, b in month.of(a) != month.of(b) ? month.of(a) < month.of(b) : a < b }
            }
        }
        keep = sorted
    }

    /// The sorted rows grouped into accounts: a second row for the same month is an error; the earliest
    /// engagement date of an account counts (`inconsistent` accounts have several; `mixed` accounts have
    /// several, or rows without one beside rows with one).
    static func accounts(
        _ keep: [Int], table: TypedColumns, columns: PanelColumns, type: String?, month: MonthCodes,
        engagement: MonthCodes, path: String, line: (Int) -> Int
    ) throws -> (accounts: [AccountPanel.Account], inconsistent: Int, mixed: Int) {
        let unitCodes = table.codes[columns.unit] ?? []
        let unitLevels = table.levels[columns.unit] ?? []
        let typeCodes = type.flatMap { table.codes[$0] }
        let typeLevels = type.flatMap { table.levels[$0] } ?? []
        var accounts: [AccountPanel.Account] = []
        accounts.reserveCapacity(unitLevels.count)
        var start = 0
        var inconsistent = 0
        var mixed = 0
        while start < keep.count {
            var end = start + 1
            while end < keep.count, unitCodes[keep[end]] == unitCodes[keep[start]] { end += 1 }
            for k in start + 1..<end where month.of(keep[k]) == month.of(keep[k - 1]) {
                throw DataError(
                    "\(path):\(line(keep[k])): account '\(unitLevels[Int(unitCodes[keep[k]])])' has a second row for \(AccountPanel.label(month.of(keep[k]))) (first on line \(line(keep[k - 1])))"
                )
            }
            let dates = EngagementDates(keep[start..<end], engagement)
            if dates.count > 0 {
                if dates.differ { inconsistent += 1 }
                if dates.differ || dates.count < end - start { mixed += 1 }
            }
            let engagementType = typeCodes.flatMap { codes in
                keep[start..<end].lazy.map { codes[$0] }.first { $0 >= 0 }.map { typeLevels[Int($0)] }
            }
            accounts.append(
                .init(
                    id: unitLevels[Int(unitCodes[keep[start]])], engagementMonth: dates.earliest,
                    engagementType: engagementType, rows: start..<end))
            start = end
        }
        return (accounts, inconsistent, mixed)
    }
}

/// What an account's rows say of its engagement: how many carry a date, the earliest, and whether
/// two differ.
struct EngagementDates {
    var count = 0
    var earliest: Int?
    var differ = false

    init(_ rows: ArraySlice<Int>, _ engagement: MonthCodes) {
        var first: Int?
        for r in rows {
            guard let month = engagement.optional(r) else { continue }
            count += 1
            if let first, month != first { differ = true }
            first = first ?? month
            earliest = min(earliest ?? month, month)
        }
    }
}

/// A date column as codes per row and a month per distinct date text (each parsed once).
struct MonthCodes {
    let codes: [Int32]
    /// The month of each code.
    let monthOfCode: [Int]

    /// Throws naming the first row whose date is not a date (`line`: a record's file line).
    init(_ table: TypedColumns, _ column: String, path: String, line: (Int) -> Int) throws {
        let levels = table.levels[column] ?? []
        codes = table.codes[column] ?? []
        let parsed = levels.map { Month.index($0) }
        if let bad = parsed.firstIndex(of: nil), let row = codes.firstIndex(of: Int32(bad)) {
            throw DataError(
                "\(path):\(line(row)): column '\(column)': expected a date like 2025-03-01 or 2025-03, got '\(levels[bad])'"
            )
        }
        monthOfCode = parsed.map { $0 ?? 0 }
    }

    /// The month of a row that has one.
    @inline(__always)
    func of(_ row: Int) -> Int { monthOfCode[Int(codes[row])] }

    /// The month of a row; nil when its date is missing.
    func optional(_ row: Int) -> Int? { codes[row] < 0 ? nil : monthOfCode[Int(codes[row])] }

    /// The first and last month of the rows. A month more than 24 months after the one before it (a
    /// sentinel date such as 9999-12) is an error naming its first line in `rows`' order, not a
    /// silently stretched window.
    func range(of rows: [Int], path: String, column: String, line: (Int) -> Int) throws -> ClosedRange<Int> {
        var used = [Bool](repeating: false, count: monthOfCode.count)
        for r in rows { used[Int(codes[r])] = true }
        let distinct = Set(monthOfCode.indices.filter { used[$0] }.map { monthOfCode[$0] }).sorted()
        guard let first = distinct.first, let last = distinct.last else {
            throw DataError("\(path): no data rows after the header")
        }
        for (a, b) in zip(distinct, distinct.dropFirst()) where b - a > 24 {
            let at = rows.first { of($0) == b }.map(line) ?? 0
            throw DataError(
                "\(path):\(at): column '\(column)': \(AccountPanel.label(b)) is \(b - a) months after the panel's previous month \(AccountPanel.label(a)); a sentinel or mistyped date?"
            )
        }
        return first...last
    }
}
