import Foundation
import PropertyBased
import Testing

@testable import G3Data

/// Issue 17, item 2: a stretch without quotes and carriage returns is read a block of records at a time
/// (`TypedCSVReader.readPlain`), and a file's stretches are read as if each began on line 1, their
/// lines moved afterwards. On generated quote-free files (blank lines, spaces and tabs around cells,
/// missing tokens, text, malformed and out-of-range numbers, invalid UTF-8, rows of the wrong width,
/// no line end after the last row) the plain read gives what the field-by-field read gives, in one
/// stretch and in many: the same lines, numbers, codes, reports (with the lines they name) and the same
/// first error.
@Suite struct PlainReadTests {
    static let cells = [
        "1", "2.5", "-3", "", "NULL", "nan", "NA", "n/a", "x", "1e400", "1e200", "12.34.5", " SMB ", "ENT", "\u{00E9}",
        "2025-01-01", "1.2.3", "\t7\t"
    ]

    /// Rows of 4 cells (rarely 3 or 5: 1 in 500 rows), blank lines now and then, sometimes no line end at the end.
    static let file = Gen.int(in: 0...99).array(of: 5).array(of: 1...200).map { rows -> [UInt8] in
        var bytes = Array("id,n,label,rest\n".utf8)
        for r in rows {
            let width = r[4] == 0 && r[0] < 10 ? 3 : r[4] == 1 && r[0] < 10 ? 5 : 4
            // The number column holds a plain number 98 times in 100, so that many files read without error.
            let line = (0..<width).map { c in
                c == 1 && r[1] < 98 ? "\(r[1]).5" : PlainReadTests.cells[r[c % 4] % PlainReadTests.cells.count]
            }.joined(separator: ",")
            bytes += Array(line.utf8) + [10]
            if r[3] % 13 == 2 { bytes += [10] }
            if r[4] == 99 && r[0] < 10 { bytes += [0xFF, 0x2C, 0x31, 0x2C, 0x78, 0x2C, 0x79, 10] }  // not UTF-8
        }
        if rows.count % 3 == 0, bytes.last == 10 { bytes.removeLast() }
        return bytes
    }

    func parse(_ bytes: [UInt8], text: [String], chunkSize: Int, plain: Bool) -> Result<TypedColumns, Error> {
        Result {
            try bytes.withUnsafeBufferPointer { all in
                try TypedCSVReader.parse(
                    all, source: "f.csv", numeric: text.count > 1 ? ["n"] : [], text: text, purpose: { _ in "" },
                    chunkSize: chunkSize, readsPlain: plain)
            }
        }
    }

    func expectSame(_ a: Result<TypedColumns, Error>, _ b: Result<TypedColumns, Error>) -> Bool {
        switch (a, b) {
        case (.success(let a), .success(let b)):
            #expect(a.lines == b.lines && a.rowCount == b.rowCount && a.numbers == b.numbers)
            #expect(a.codes == b.codes && a.levels == b.levels)
            #expect(a.reports.mapValues(\.summary) == b.reports.mapValues(\.summary))
            return true
        case (.failure(let a), .failure(let b)):
            #expect("\(a)" == "\(b)")
        default:
            Issue.record("field by field: \(a), plain: \(b)")
        }
        return false
    }

    @Test func plainReadEqualsFieldByField() throws {
        var rng = Xoshiro(seed: (17, 5, 2026, 30))
        var read = 0
        var failed = 0
        for _ in 0..<400 {
            let bytes = Self.file.run(using: &rng)
            // Every column up to the last, and the first alone (the rest of each line only counted).
            for text in [["id", "label"], ["id"]] {
                let fieldByField = parse(bytes, text: text, chunkSize: 1 << 30, plain: false)
                let same = expectSame(fieldByField, parse(bytes, text: text, chunkSize: 1 << 30, plain: true))
                _ = expectSame(fieldByField, parse(bytes, text: text, chunkSize: 16, plain: true))
                if same { read += 1 } else { failed += 1 }
            }
        }
        #expect(read > 100 && failed > 100, "\(read) read, \(failed) failed")
    }

    /// A value's problem found in a later stretch names its line in the file.
    @Test func aLaterStretchNamesItsLines() throws {
        var text = "id,n,label\n"
        for i in 0..<300 { text += "a\(i),\(i).5,x\n" }
        text += "\n\nb,n/a,y\nc,1e200,z\n"
        let bytes = Array(text.utf8)
        for size in [16, 64, 1 << 30] {
            switch parse(bytes, text: ["id", "label"], chunkSize: size, plain: true) {
            case .success(let table): Issue.record("read \(table.rowCount) rows despite 1e200")
            case .failure(let error): #expect("\(error)".contains("f.csv:305:"), "\(error)")
            }
            let early = Array(text.replacingOccurrences(of: "c,1e200", with: "c,2").utf8)
            let table = try parse(early, text: ["id", "label"], chunkSize: size, plain: true).get()
            #expect(table.lines.last == 305 && table.reports["n"]?.summary.contains("line 304 'n/a'") == true)
        }
    }

    /// The separators found 64 bytes at a time (`Separators`) are those a byte-by-byte search finds,
    /// in order, across block ends and in the last, partial block.
    @Test func separatorsAreFoundAsByteByByte() {
        var rng = Xoshiro(seed: (17, 12, 2026, 8))
        let bytes = Gen.int(in: 0...9).array(of: 0...300).map { picks in
            picks.map { $0 == 0 ? UInt8(ascii: ",") : $0 == 1 ? 0x0A : $0 == 2 ? 0x8C : UInt8(ascii: "a") }
        }
        for _ in 0..<300 {
            let file = bytes.run(using: &rng)
            let expected = file.indices.filter { file[$0] == 0x2C || file[$0] == 0x0A }
            let found = file.withUnsafeBufferPointer { buffer in
                var separators = Separators(buffer)
                var found: [Int] = []
                while let position = separators.next() { found.append(position) }
                return found
            }
            #expect(found == expected, "\(file.count) bytes")
        }
    }
}
