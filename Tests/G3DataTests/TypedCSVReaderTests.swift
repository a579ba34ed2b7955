import Foundation
import Testing
@testable import G3Data

/// The typed reader must read what `CSVReader` reads: same dialect, same numbers, same coercion reports.
@Suite struct TypedCSVReaderTests {
    func both(_ bytes: [UInt8], numeric: [String], text: [String]) throws -> (typed: TypedColumns, table: CSVTable) {
        let data = Data(bytes)
        let typed = try data.withUnsafeBytes { raw in
            try TypedCSVReader.parse(
                raw.bindMemory(to: UInt8.self), source: "t.csv", numeric: numeric, text: text,
                purpose: { _ in "a needed column" })
        }
        return (typed, try CSVReader.parse(data, source: "t.csv"))
    }

    @Test func sameDialectAsCSVReader() throws {
        let bytes =
            [0xEF, 0xBB, 0xBF]
            + Array(
                "id,name,n\r\n1,\"Doe, \"\"J\"\"\",3.25\r\n\r\n2,\"two\nlines\",\r\n 3 , x ,NULL\n4,y,1e3\n5,y, n/a \n6,NA,-0.5"
                    .utf8)
        let (typed, table) = try both(bytes, numeric: ["n"], text: ["id", "name"])
        #expect(typed.lines == table.lines)
        let (values, report) = try table.numericColumn(2)
        #expect(typed.numbers["n"] == NumberColumn(values))
        #expect(typed.reports["n"]! == report && typed.reports["n"]!.summary == report.summary)
        for r in table.rows.indices {
            for (c, name) in [(0, "id"), (1, "name")] {
                let expected = CSVTable.isMissing(table.rows[r][c]) ? nil : table.rows[r][c].trimmedSpaces
                #expect(typed.text(name, row: r) == expected)
            }
        }
        #expect(typed.levels["name"]! == ["Doe, \"J\"", "two\nlines", "x", "y"])
    }

    /// Plain decimals take the fast path; it must give strtod's double exactly.
    @Test func numbersEqualSwiftsParser() throws {
        let texts = [
            "0", "-0", "1.5", "123456.78", "0.1", "0.30000000000000004", "9007199254740993", "1e-7", "12345678901234.5",
            "3.14159265358979", "-2.71", "+7", "100000000000000000000000", "0.000001", "46313.01"
        ]
        let (typed, _) = try both(Array(("x\n" + texts.joined(separator: "\n") + "\n").utf8), numeric: ["x"], text: [])
        for (value, text) in zip(typed.numbers["x"]!, texts) { #expect(value == Double(text)!, "\(text)") }
    }

    @Test func errorsNameFileAndLine() throws {
        #expect(throws: DataError("t.csv:3: expected 2 fields as in the header, got 3")) {
            try both(Array("a,b\n1,2\n1,2,3\n".utf8), numeric: ["a"], text: [])
        }
        #expect(throws: DataError("t.csv:2: a quoted field is not closed before the end of the file")) {
            try both(Array("a\n\"x\n".utf8), numeric: [], text: ["a"])
        }
        #expect(throws: DataError("t.csv: no column 'z' (a needed column); the columns are a, b")) {
            try both(Array("a,b\n1,2\n".utf8), numeric: ["z"], text: [])
        }
        #expect(throws: DataError("t.csv: the file is empty; expected a header line")) {
            try both([], numeric: [], text: [])
        }
    }
}
