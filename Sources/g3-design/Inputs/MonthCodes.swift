import G3Data

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

    /// The month of a row; nil when its date is missing.
    func optional(_ row: Int) -> Int? { codes[row] < 0 ? nil : monthOfCode[Int(codes[row])] }
}

/// A date column's months per code, parsed as a stream's codes appear (each distinct text once).
struct DateLevels {
    /// Per code: its month, or `notADate`.
    private(set) var months: [Int32] = []
    static let notADate = Int32.min

    /// The months of the codes `levels` has beyond those parsed already.
    mutating func extend(_ levels: [String]) {
        while months.count < levels.count {
            months.append(Month.index(levels[months.count]).flatMap { Int32(exactly: $0) } ?? Self.notADate)
        }
    }
}
