import G3Data
import G3Observational
import G3Stats

/// The pass over a panel's records (`PanelInput`): the keys (account, month, engagement date and
/// type) streamed by, 4 bytes a record kept for the account and 4 for the month, the engagements
/// reduced per account as they come (`RecordKeys`). From them follow the panel's order
/// (`RecordPlaces`), its accounts and their months. The values are read in the same pass
/// (`RecordValues`): each record's outcomes, and the other columns of the rows that may precede their
/// account's reference month.
struct PanelKeys {
    /// Where each record's values go in panel order.
    let places: RecordPlaces
    /// Which rows precede their account's reference month, and their slots.
    let slots: BaselineSlots
    /// The never-engaged accounts' reference month (`--baseline-end`, or the first engagement).
    let controlReference: Int
    /// The month of each row, in panel order.
    let months: MonthColumn
    /// The accounts (rows: ranges of the panel's rows) without those engaged outside the panel's months.
    let accounts: [AccountPanel.Account]
    /// The engagement types the accounts' type codes index.
    let engagementTypes: [String]
    let excluded: [PanelInput.ExcludedAccount]
    let notes: [String]
    /// How many records the file has.
    let records: Int
    /// Whether every account's rows carry one engagement month on every row, or none on any (so that a
    /// row's own date gives its account's reference month).
    let uniformEngagement: Bool
    /// The values read with the keys; nil when they miss a row before its account's reference month
    /// (`RecordValues.covers`), so that a second pass must read them (`PanelReduction`).
    private(set) var values: RecordValues?
    /// With `values`: each numeric column's coercions, the first reading error among them (raised
    /// where a second pass would raise it), and each label column's values.
    let reports: [String: CoercionReport]
    let readingError: DataError?
    let labelLevels: [String: [String]]

    /// The steps: stream the records (dropping rows with a missing number under `--missing drop-row`) →
    /// place them in panel order → group rows into accounts → exclude engagements outside the panel's
    /// months. `controlReference`: the never-engaged accounts' reference month, nil for the first
    /// engagement among the accounts kept.
    init(file: TypedCSVReader.File, columns: PanelColumns, missing: MissingPolicy, controlReference: Int?) throws {
        let path = file.path
        let type = file.header.contains(columns.engagementType) ? columns.engagementType : nil
        let keyColumns = [columns.unit, columns.month, columns.engagement] + [type].compactMap { $0 }
        let split = PanelReduction.Split(columns)
        let text = uniqueInOrder(keyColumns + split.labels)
        let numeric = split.numeric
        let position = { (name: String) in text.firstIndex(of: name) ?? 0 }
        var keys = RecordKeys(
            file: file, columns: columns, unitColumn: position(columns.unit), monthColumn: position(columns.month),
            engagementColumn: position(columns.engagement), typeColumn: type.map(position),
            dropsRows: missing == .dropRow)
        var values = RecordValues(
            outcomeColumns: split.kept, reducedColumns: split.reducedNumbers, labelColumns: split.labels.map(position),
            controlReference: controlReference)
        // The read keeps no line per record; a problem finds its line again. A number column's reading
        // error comes after the keys' problems (as from a second pass), unless rows are dropped by their
        // numbers.
        var stretches = 0
        let summary = try file.stream(
            numeric: numeric, text: text, purpose: columns.purpose, keepingLines: false,
            throwingReadingErrors: missing == .dropRow
        ) { chunk in
            keys.absorb(chunk, fileBytes: file.byteCount)
            values.absorb(chunk, keys: keys)
            // What the ids' table left behind as it grew goes back now and then.
            stretches += 1
            if stretches % 64 == 0 { releaseFreedMemory() }
        }
        // The stretches' buffers and the keys' grown arrays are let go of before the rows are placed.
        releaseFreedMemory()
        guard summary.rowCount <= Int(Int32.max) else {
            throw DataError(
                "\(path): \(summary.rowCount) rows; a panel holds at most \(Int32.max) rows (4-byte row numbers)")
        }
        if let problem = keys.firstProblem { throw problem }
        var notes: [String] = []
        if keys.dropped > 0 { notes.append("dropped \(keys.dropped) rows with a missing number (--missing drop-row)") }
        let ids = summary.levels[columns.unit] ?? []
        let ranked = ByteOrder.sortedIndices(ids)
        keys.renumber(ranked)
        values.renumber(ranked)
        places = RecordPlaces(unit: keys.unit, month: keys.month, rowsPerUnit: keys.units.map(\.rows))
        months = Self.months(keys.takeMonths(), places)
        // The read keeps no line per row; a message finds its line again.
        let line = { [places] (row: Int) in file.line(ofRecord: places.record(atRow: row)) }
        var (accounts, units) = try Self.accounts(
            ranked, keys.units, ids: ids, start: places.start,
            months: months, path: path, line: line)
        let inconsistent = units.lazy.filter { keys.units[Int($0)].differ }.count
        if inconsistent > 0 {
            notes.append(
                "\(inconsistent) accounts have different engagement dates on different rows; the earliest is used")
        }
        uniformEngagement = !units.contains { keys.units[Int($0)].mixed }
        let range = try Self.range(months, path: path, column: columns.month, line: line)
        excluded = PanelInput.excludeOutside(&accounts, units: &units, range: range)
        notes += try PanelInput.exclusionNotes(excluded, kept: accounts, range: range, path: path)
        let reference = controlReference ?? accounts.lazy.compactMap(\.engagementMonth).min() ?? Int.min
        slots = BaselineSlots(
            accounts: accounts, units: units, unitCount: keys.units.count, months: months, reference: reference)
        self.controlReference = reference
        self.accounts = accounts
        engagementTypes = type.flatMap { summary.levels[$0] } ?? []
        self.notes = notes
        records = summary.rowCount
        self.values = values.covers(accounts, units: units, reference: reference) ? values : nil
        reports = summary.reports
        readingError = numeric.lazy.compactMap { summary.reports[$0]?.readingError(source: path) }.first
        labelLevels = summary.levels.filter { columns.labels.contains($0.key) }
    }

    /// The values read with the keys, no longer kept here (nil when a second pass must read them).
    mutating func takeValues() -> RecordValues? {
        defer { values = nil }
        return values
    }

    /// Each row's month in panel order (2 bytes a row while the records' months allow, `MonthColumn`).
    static func months(_ monthOfRecord: [Int32], _ places: RecordPlaces) -> MonthColumn {
        var walk = places.restarted()
        let span = Int(monthOfRecord.min() ?? 0)...Int(monthOfRecord.max() ?? 0)
        var months = MonthColumn(count: places.rows, span: span)
        for (r, m) in monthOfRecord.enumerated() {
            let p = walk.next(r)
            if p >= 0 { months.set(p, to: Int(m)) }
        }
        return months
    }

    /// The accounts in byte order of their ids, and each one's rank among them (`units` and `start` by
    /// rank; `ranked`: each rank's code into `ids`): a second row for the same month is an error
    /// naming both lines; the earliest engagement date of an account counts.
    static func accounts(
        _ ranked: [Int], _ units: [UnitKeys], ids: [String], start: [Int32], months: MonthColumn,
        path: String, line: (Int) -> Int
    ) throws -> (accounts: [AccountPanel.Account], units: [Int32]) {
        var accounts: [AccountPanel.Account] = []
        var kept: [Int32] = []
        accounts.reserveCapacity(units.count)
        kept.reserveCapacity(units.count)
        for (u, keys) in units.enumerated() where keys.rows > 0 {
            let rows = Int(start[u])..<Int(start[u]) + Int(keys.rows)
            for p in rows.dropFirst() where months[p] == months[p - 1] {
                throw DataError(
                    "\(path):\(line(p)): account '\(ids[ranked[u]])' has a second row for \(AccountPanel.label(months[p])) (first on line \(line(p - 1)))"
                )
            }
            accounts.append(
                .init(id: ids[ranked[u]], engagementMonth: keys.engagementMonth, typeCode: keys.type, rows: rows))
            kept.append(Int32(truncatingIfNeeded: u))
        }
        return (accounts, kept)
    }

    /// The first and last month of the rows. A month more than 24 months after the one before it (a
    /// sentinel date such as 9999-12) is an error naming its first row in panel order (`line`: a
    /// row's file line), not a silently stretched window.
    static func range(_ months: MonthColumn, path: String, column: String, line: (Int) -> Int) throws
        -> ClosedRange<Int>
    {
        guard let first = months.min(), let last = months.max() else {
            throw DataError("\(path): no data rows after the header")
        }
        var used = [Bool](repeating: false, count: last - first + 1)
        for m in months { used[m - first] = true }
        var previous = first
        for m in first...last where used[m - first] {
            if m - previous > 24 {
                let at = months.firstIndex(of: m).map(line) ?? 0
                throw DataError(
                    "\(path):\(at): column '\(column)': \(AccountPanel.label(m)) is \(m - previous) months after the panel's previous month \(AccountPanel.label(previous)); a sentinel or mistyped date?"
                )
            }
            previous = m
        }
        return first...last
    }
}
