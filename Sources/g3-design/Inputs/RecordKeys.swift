import G3Data

/// What the keys pass (`PanelKeys`) keeps while a panel's records stream by: per record its account's
/// code and its month, 4 bytes each; per account code its rows' engagement dates and type, reduced
/// as they come (`UnitKeys`); the first problem of each kind, raised after the read in a fixed order.
struct RecordKeys {
    /// Per record: the code of its account id (after `renumber`, its rank); −1 for a record dropped by
    /// `--missing drop-row`.
    private(set) var unit: [Int32] = []
    /// Per record: its month (0 where a problem is noted).
    private(set) var month: [Int32] = []
    /// Per account code (after `renumber`, per rank).
    private(set) var units: [UnitKeys] = []
    private(set) var dropped = 0
    private var months = DateLevels()
    private var engagements = DateLevels()
    /// The first bad month, bad engagement date, missing month and missing id, in that order.
    private var problems: [DataError?] = [nil, nil, nil, nil]

    /// The file, for the line of a problem's record (found again by walking the records).
    let file: TypedCSVReader.File
    let columns: PanelColumns
    /// Where the key columns are among a chunk's text columns (the type's is nil when the file lacks it).
    let unitColumn: Int
    let monthColumn: Int
    let engagementColumn: Int
    let typeColumn: Int?
    /// Records with a missing number are dropped (`--missing drop-row`).
    let dropsRows: Bool

    init(
        file: TypedCSVReader.File, columns: PanelColumns, unitColumn: Int, monthColumn: Int, engagementColumn: Int,
        typeColumn: Int?, dropsRows: Bool
    ) {
        self.file = file
        self.columns = columns
        self.unitColumn = unitColumn
        self.monthColumn = monthColumn
        self.engagementColumn = engagementColumn
        self.typeColumn = typeColumn
        self.dropsRows = dropsRows
    }

    /// The first problem noted, in the order bad month, bad engagement date, missing month, missing id.
    var firstProblem: DataError? { problems.lazy.compactMap { $0 }.first }

    /// Takes in a stretch of records: the first takes room for the file's records at its rows per byte.
    /// Records past the 4-byte row numbers' reach are not kept (the caller refuses such a file).
    mutating func absorb(_ chunk: TypedChunk, fileBytes: Int) {
        guard chunk.firstRow + chunk.rowCount <= Int(Int32.max) else { return }
        if chunk.firstRow == 0 {
            let expected = Double(chunk.rowCount) * Double(fileBytes) / Double(max(chunk.bytes, 1)) * 1.02
            unit.reserveCapacity(Int(min(expected, Double(Int32.max))))
            month.reserveCapacity(Int(min(expected, Double(Int32.max))))
        }
        months.extend(chunk.levels[monthColumn])
        engagements.extend(chunk.levels[engagementColumn])
        while units.count < chunk.levels[unitColumn].count { units.append(UnitKeys()) }
        var i = 0
        while i < chunk.rowCount {
            // Regular records at once; a record with a problem, or one that may be dropped, the long way.
            i += dropsRows ? 0 : absorbRegular(chunk, from: i)
            if i < chunk.rowCount { absorb(irregular: i, of: chunk) }
            i += 1
        }
    }

    /// Takes in the records of `chunk` from `start` up to the first that has a problem (or to the
    /// end): the accounts' keys updated in place, the records' accounts and months appended at once.
    /// Returns how many it took.
    private mutating func absorbRegular(_ chunk: TypedChunk, from start: Int) -> Int {
        let unitCodes = chunk.codes[unitColumn]
        let monthCodes = chunk.codes[monthColumn]
        let engagementCodes = chunk.codes[engagementColumn]
        let typeCodes = typeColumn.map { chunk.codes[$0] }
        let monthOf = months.months
        let engagementOf = engagements.months
        var end = start
        units.withUnsafeMutableBufferPointer { units in
            while end < chunk.rowCount {
                let (u, m, e) = (unitCodes[end], monthCodes[end], engagementCodes[end])
                guard u >= 0, m >= 0, monthOf[Int(m)] != DateLevels.notADate else { break }
                let engagement = e < 0 ? DateLevels.notADate : engagementOf[Int(e)]
                guard e < 0 || engagement != DateLevels.notADate else { break }
                units[Int(u)].add(month: monthOf[Int(m)], engagement: engagement, type: typeCodes?[end] ?? -1)
                end += 1
            }
        }
        unit.append(contentsOf: unitCodes[start..<end])
        month.append(contentsOf: monthCodes[start..<end].lazy.map { monthOf[Int($0)] })
        return end - start
    }

    /// The engagement month of each record of `chunk` (taken in already); `DateLevels.notADate` where
    /// it has none or a bad one.
    func engagements(of chunk: TypedChunk) -> [Int32] {
        let months = engagements.months
        return chunk.codes[engagementColumn].map { $0 < 0 ? DateLevels.notADate : months[Int($0)] }
    }

    /// Each record's month, no longer kept here (once the panel's months are placed: 4 bytes a record).
    mutating func takeMonths() -> [Int32] {
        defer { month = [] }
        return month
    }

    /// The account codes renumbered by rank (`ranked`: the codes in byte order of their ids), so that
    /// the accounts' arrays are read in panel order from here on, not in the file's order of first sight.
    mutating func renumber(_ ranked: [Int]) {
        var rank = [Int32](repeating: 0, count: ranked.count)
        for (k, u) in ranked.enumerated() { rank[u] = Int32(truncatingIfNeeded: k) }
        unit.withUnsafeMutableBufferPointer { unit in
            for r in unit.indices where unit[r] >= 0 { unit[r] = rank[Int(unit[r])] }
        }
        units = ranked.map { units[$0] }
    }

    private mutating func absorb(irregular i: Int, of chunk: TypedChunk) {
        let record = chunk.firstRow + i
        let columns = columns
        let (monthColumn, engagementColumn) = (monthColumn, engagementColumn)
        let m = chunk.codes[monthColumn][i]
        let e = chunk.codes[engagementColumn][i]
        let monthValue = m < 0 ? DateLevels.notADate : months.months[Int(m)]
        let engagement = e < 0 ? DateLevels.notADate : engagements.months[Int(e)]
        if m >= 0, monthValue == DateLevels.notADate {
            note(0, record) { "column '\(columns.month)': " + Self.notADate(chunk.levels[monthColumn][Int(m)]) }
        }
        if e >= 0, engagement == DateLevels.notADate {
            note(1, record) {
                "column '\(columns.engagement)': " + Self.notADate(chunk.levels[engagementColumn][Int(e)])
            }
        }
        if dropsRows, chunk.numbers.contains(where: { $0[i] == nil }) {
            dropped += 1
            unit.append(-1)
            month.append(0)
            return
        }
        if m < 0 { note(2, record) { "column '\(columns.month)': the month is missing" } }
        let u = chunk.codes[unitColumn][i]
        if u < 0 { note(3, record) { "column '\(columns.unit)': the account id is missing" } }
        let valid = u >= 0 && monthValue != DateLevels.notADate
        unit.append(valid ? u : -1)
        month.append(valid ? monthValue : 0)
        guard valid else { return }
        let type = typeColumn.map { chunk.codes[$0][i] } ?? -1
        units[Int(u)].add(month: monthValue, engagement: engagement, type: type)
    }

    /// Notes the first problem of a kind: the record's line and `message`.
    private mutating func note(_ kind: Int, _ record: Int, _ message: () -> String) {
        guard problems[kind] == nil else { return }
        problems[kind] = DataError("\(file.path):\(file.line(ofRecord: record)): " + message())
    }

    private static func notADate(_ text: String) -> String {
        "expected a date like 2025-03-01 or 2025-03, got '\(text)'"
    }
}

/// One account's kept rows, reduced: how many, how many carry an engagement date, the earliest and
/// latest of those dates, and the engagement type of its first month that has one.
struct UnitKeys {
    var rows: Int32 = 0
    var dated: Int32 = 0
    var earliest = Int32.max
    var latest = Int32.min
    var typeMonth = Int32.max
    /// The type's code; −1 when no row has one.
    var type: Int32 = -1

    mutating func add(month: Int32, engagement: Int32, type: Int32) {
        rows += 1
        if engagement != DateLevels.notADate {
            dated += 1
            earliest = min(earliest, engagement)
            latest = max(latest, engagement)
        }
        if type >= 0, month < typeMonth {
            typeMonth = month
            self.type = type
        }
    }

    /// The earliest engagement month; nil when no row has one.
    var engagementMonth: Int? { dated > 0 ? Int(earliest) : nil }
    /// Whether two of its rows carry different engagement dates.
    var differ: Bool { dated > 0 && earliest != latest }
    /// Whether its rows disagree on the engagement: different dates, or rows without one beside rows with one.
    var mixed: Bool { dated > 0 && (differ || dated < rows) }
}
