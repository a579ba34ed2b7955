/// One text column of a `TypedColumns`: each row's value (trimmed; nil when missing), as codes into
/// the column's distinct values.
public struct TextColumn: Sendable {
    public let name: String
    public let codes: [Int32]
    public let levels: [String]

    public init(_ table: TypedColumns, _ name: String) {
        self.name = name
        codes = table.codes[name] ?? []
        levels = table.levels[name] ?? []
    }

    /// The value of row `row`; nil when missing.
    @inline(__always)
    public func value(_ row: Int) -> String? {
        let code = codes[row]
        return code < 0 ? nil : levels[Int(code)]
    }

    /// The column's values read as numbers the way `CSVTable.number` reads them, each distinct value
    /// once; the comma grouping is judged on the values of `rows` (every row when nil), as
    /// `CSVTable.number` judges it on its table's rows.
    public func numbers(groupingOver rows: [Int]? = nil) -> TextNumbers {
        let readings = levels.map { NumberText.read($0.utf8) }
        var used = [Bool](repeating: rows == nil, count: levels.count)
        for row in rows ?? [] where codes[row] >= 0 { used[Int(codes[row])] = true }
        var evidence = GroupingEvidence()
        for (k, level) in levels.enumerated() where used[k] && !evidence.commasGroup {
            evidence.note(readings[k], bytes: level.utf8, line: 0)
        }
        return TextNumbers(column: self, readings: readings, commasGroup: evidence.commasGroup)
    }
}

/// A text column's values as numbers (`TextColumn.numbers`).
public struct TextNumbers: Sendable {
    let column: TextColumn
    let readings: [NumberText.Reading]
    let commasGroup: Bool
    public var name: String { column.name }

    /// The number of row `row`; nil when missing; the error `CSVTable.number` gives for a value that
    /// is not one, naming `source`, `line` and the column.
    public func number(_ row: Int, source: String, line: Int) throws -> Double? {
        let code = column.codes[row]
        guard code >= 0 else { return nil }
        return try NumberText.strictValue(
            readings[Int(code)], field: column.levels[Int(code)], commasGroup: { commasGroup }, source: source,
            line: line, column: column.name)
    }
}
