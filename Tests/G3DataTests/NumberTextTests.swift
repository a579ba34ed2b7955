import Foundation
import Testing
@testable import G3Data

/// Issue 14, item 12: one number parser for every command; grouped numbers only where unambiguous.
@Suite struct NumberTextTests {
    @Test func readsPlainGroupedAndRefusesTheRest() {
        #expect(NumberText.read("1234.5".utf8) == .number(1234.5))
        #expect(NumberText.read("-3e4".utf8) == .number(-30000))
        #expect(NumberText.read("1,234.50".utf8) == .grouped(1234.5))
        #expect(NumberText.read("-12,345,678".utf8) == .grouped(-12_345_678))
        #expect(NumberText.read("1,234".utf8) == .ambiguousGrouping(1234))
        #expect(NumberText.read("-1e300".utf8) == .outOfRange(-1e300))
        #expect(NumberText.read("1e150".utf8) == .number(1e150))
        for text in [
            "1,23", "12,3456", ",123", "1,,234", "1e400", "inf", "0x1p3", "nan", "1.2.3", "", "-", "1,234.5.6", "€12"
        ] {
            #expect(NumberText.read(text.utf8) == .notANumber, "\(text)")
        }
    }

    /// CSVTable and the typed reader agree: a grouped column is read, with the count reported.
    @Test func bothReadersReadAnExcelColumn() throws {
        let data = Data("id,arr\n1,\"1,234.50\"\n2,\"12,000\"\n3,17\n".utf8)
        let table = try CSVReader.parse(data, source: "x.csv")
        #expect(try table.number(row: 1, column: 1) == 12_000)
        let (values, report) = try table.numericColumn(1)
        #expect(values == [1234.5, 12_000, 17] && report.grouped == 2 && report.total == 0)
        let typed = try data.withUnsafeBytes { raw in
            try TypedCSVReader.parse(
                raw.bindMemory(to: UInt8.self), source: "x.csv", numeric: ["arr"], text: ["id"], purpose: { _ in "" })
        }
        #expect(typed.numbers["arr"] == NumberColumn(values) && typed.reports["arr"]! == report)
        #expect(report.summary.contains("2 read with thousands separators"))
    }

    /// A column of "1,234"-style values with nothing to resolve them is refused, naming file, line, column.
    @Test func ambiguousColumnsAreRefused() throws {
        let data = Data("id,arr\n1,5\n2,\"1,234\"\n".utf8)
        let table = try CSVReader.parse(data, source: "x.csv")
        #expect(throws: DataError.self) { try table.number(row: 1, column: 1) }
        do {
            _ = try table.numericColumn(1)
            Issue.record("expected an error")
        } catch let error as DataError {
            #expect(error.description.hasPrefix("x.csv:3: column 'arr': '1,234' is ambiguous"))
        }
        #expect(throws: DataError.self) {
            try data.withUnsafeBytes { raw in
                try TypedCSVReader.parse(
                    raw.bindMemory(to: UInt8.self), source: "x.csv", numeric: ["arr"], text: [], purpose: { _ in "" })
            }
        }
    }

    /// A column asked for as a number and as text is read both ways (issue 14, item 1: it trapped).
    @Test func aColumnCanBeReadAsNumberAndText() throws {
        let data = Data("id,n\na,1\nb,2\n".utf8)
        let typed = try data.withUnsafeBytes { raw in
            try TypedCSVReader.parse(
                raw.bindMemory(to: UInt8.self), source: "x.csv", numeric: ["n"], text: ["n", "id"], purpose: { _ in "" }
            )
        }
        #expect(typed.numbers["n"]! == [1, 2] && typed.levels["n"]! == ["1", "2"] && typed.codes["n"]! == [0, 1])
    }

    /// Digits in another convention ("1.234,56") are refused with their line, never coerced to missing
    /// like text ("n/a") and never taken for a text covariate.
    @Test func numbersInAnotherConventionAreRefused() throws {
        #expect(NumberText.looksNumeric("1.234,56".utf8) && NumberText.looksNumeric("12,34".utf8))
        #expect(
            !NumberText.looksNumeric("n/a".utf8) && !NumberText.looksNumeric("ENT".utf8)
                && !NumberText.looksNumeric("-".utf8))
        let data = Data("id,arr\n1,5\n2,\"1.234,56\"\n3,n/a\n".utf8)
        let table = try CSVReader.parse(data, source: "x.csv")
        #expect(throws: DataError.self) { try table.number(row: 1, column: 1) }
        #expect(throws: DataError.self) { try table.numericColumn(1) }
        do {
            _ = try data.withUnsafeBytes { raw in
                try TypedCSVReader.parse(
                    raw.bindMemory(to: UInt8.self), source: "x.csv", numeric: ["arr"], text: [], purpose: { _ in "" })
            }
            Issue.record("expected an error")
        } catch let error as DataError {
            #expect(
                error.description.hasPrefix("x.csv:3: column 'arr': '1.234,56' is not a number g3-design reads"),
                "\(error)")
        }
    }
}

/// A column asked for twice in one list is read once instead of trapping on duplicate dictionary keys.
@Suite struct TypedReaderListTests {
    @Test func aColumnListedTwiceIsReadOnce() throws {
        let data = Data("id,n\na,1\nb,2\n".utf8)
        let typed = try data.withUnsafeBytes { raw in
            try TypedCSVReader.parse(
                raw.bindMemory(to: UInt8.self), source: "x.csv", numeric: ["n", "n"], text: ["id", "id"],
                purpose: { _ in "" })
        }
        #expect(typed.numbers["n"] == [1, 2] && typed.levels["id"] == ["a", "b"])
    }
}
