import Foundation
import PropertyBased
import Testing
@testable import G3Data

/// Issue 14: the readers never trap on hostile input. Generated CSVs (BOM, CRLF, quotes, embedded
/// newlines, ragged rows, duplicate headers, NaN/Inf/1e400, grouped and ambiguous numbers, huge
/// fields, invalid UTF-8) go through both readers and the number parser; every outcome is a table
/// or a DataError. The cases come from a fixed seed, so every run checks the same 5,000.
@Suite struct HostileCSVTests {
    /// Pieces that CSV files from spreadsheets and warehouses are made of, hostile ones included.
    static let pieces: [[UInt8]] =
        [
            ",", ",", ",", "\n", "\n", "\r\n", "\"", "\"\"", "a", "id", "x", "1", "-2.5", "1e400", "-1e400", "NaN",
            "inf",
            "NULL", "n/a", "1,234", "\"1,234.50\"", "\"12,345,678\"", "0x1p3", "9223372036854775808", "-0", " ", "\t",
            "ar_date", "2025-01-01", "9999-12-31", "(Intercept)", "racehispan", "\u{FEFF}", "é", "e\u{301}",
            String(repeating: "9", count: 400)
        ].map { Array($0.utf8) } + [[0xFF, 0xFE], [0xC3], [0xEF, 0xBB, 0xBF], [0]]

    static let files = Gen.int(in: 0...(pieces.count - 1)).array(of: 0...60).map { indices in
        indices.flatMap { HostileCSVTests.pieces[$0] }
    }

    @Test func readersNeverTrap() throws {
        var rng = Xoshiro(seed: (20261130, 14, 1, 2))
        var tables = 0
        var errors = 0
        for _ in 0..<5_000 {
            let bytes = Self.files.run(using: &rng)
            let data = Data(bytes)
            do {
                let table = try CSVReader.parse(data, source: "f.csv")
                tables += 1
                for column in table.header.indices {
                    _ = try? table.numericColumn(column)
                    for row in table.rows.indices { _ = try? table.number(row: row, column: column) }
                }
                let names = Array(Set(table.header))
                _ = try? data.withUnsafeBytes { raw in
                    try TypedCSVReader.parse(
                        raw.bindMemory(to: UInt8.self), source: "f.csv", numeric: names, text: names,
                        purpose: { _ in "" })
                }
            } catch is DataError {
                errors += 1
            }
        }
        #expect(tables > 250 && errors > 250, "tables \(tables), errors \(errors)")  // both paths are exercised
    }

    /// Whatever the text, a number is finite and a grouped reading equals the ungrouped one.
    @Test func numbersAreFiniteAndGroupingIsExact() {
        var rng = Xoshiro(seed: (7, 7, 7, 7))
        let texts = Gen.int(in: 0...(Self.pieces.count - 1)).array(of: 1...4).map {
            $0.flatMap { HostileCSVTests.pieces[$0] }
        }
        for _ in 0..<5_000 {
            let bytes = texts.run(using: &rng)
            switch NumberText.read(bytes) {
            case .number(let v): #expect(v.isFinite)
            case .grouped(let v), .ambiguousGrouping(let v):
                #expect(v.isFinite)
                #expect(NumberText.read(bytes.filter { $0 != UInt8(ascii: ",") }) == .number(v))
            case .outOfRange(let v): #expect(v.isFinite && abs(v) > NumberText.largestMagnitude)
            case .notANumber: break
            }
        }
    }
}
