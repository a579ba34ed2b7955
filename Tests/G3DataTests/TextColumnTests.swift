import Foundation
import PropertyBased
import Testing

@testable import G3Data

/// Issue 17, item 5: `randomize` reads its units through the typed reader, its numbers through
/// `TextColumn.numbers`, which must read every value as `CSVTable.number` does: the same numbers, the
/// same missing values and the same errors, with the comma grouping judged on the same rows.
@Suite struct TextColumnTests {
    static let cells = [
        "1", "2.5", "-3", "", "NULL", "nan", "NA", "n/a", "x", "1e400", "1e200", "\"1.234,5\"", "\"1,234\"",
        "\"12,345.50\"", "\"2,345\"", "7", "0.25", "1e3"
    ]

    /// A column of 1–60 cells, and a subset of its rows (by index) to judge grouping on.
    static let column = Gen.int(in: 0...(cells.count - 1)).array(of: 1...60)
    static let subset = Gen.int(in: 0...3).array(of: 60)

    /// An id column beside the values, so that an empty value is not a blank line.
    func text(_ cells: [String]) -> String {
        "id,v\n" + cells.enumerated().map { "\($0),\($1)\n" }.joined()
    }

    func table(_ cells: [String]) throws -> CSVTable {
        try CSVReader.parse(Data(text(cells).utf8), source: "f.csv")
    }

    func typed(_ cells: [String]) throws -> TypedColumns {
        try TypedCSVReader.File(data: Data(text(cells).utf8), source: "f.csv")
            .columns(numeric: [], text: ["v"])
    }

    /// The outcome as text: the value, "missing", or the error's message.
    func outcome(_ read: () throws -> Double?) -> String {
        do { return try read().map { "\($0)" } ?? "missing" } catch { return "\(error)" }
    }

    @Test func readsEveryValueAsCSVTableDoes() throws {
        var rng = Xoshiro(seed: (17, 12, 1, 5))
        var errors = 0
        for _ in 0..<300 {
            let cells = Self.column.run(using: &rng).map { Self.cells[$0] }
            let keep = Self.subset.run(using: &rng)
            let rows = cells.indices.filter { keep[$0] > 0 }
            let all = try table(cells)
            // `CSVTable.number` judges grouping on its own rows: the subset read as a table of its own.
            let part = try table(rows.map { cells[$0] })
            let columns = try typed(cells)
            let text = TextColumn(columns, "v")
            let everyRow = text.numbers()
            let onRows = text.numbers(groupingOver: rows)
            for row in cells.indices {
                let expected = outcome { try all.number(row: row, column: 1) }
                #expect(outcome { try everyRow.number(row, source: "f.csv", line: columns.lines[row]) } == expected)
                if expected.contains("f.csv") { errors += 1 }
            }
            for (k, row) in rows.enumerated() {
                let expected = outcome { try part.number(row: k, column: 1) }
                    .replacingOccurrences(of: "f.csv:\(part.lines[k]):", with: "f.csv:\(columns.lines[row]):")
                #expect(outcome { try onRows.number(row, source: "f.csv", line: columns.lines[row]) } == expected)
            }
        }
        #expect(errors > 100, "\(errors) errors")
    }
}
