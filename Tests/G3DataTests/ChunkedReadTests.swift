import Foundation
import PropertyBased
import Testing

@testable import G3Data

/// Issue 17, item 2: a file is read in chunks on all cores and joined, up to its first chunk with a
/// quote, from which on it is read in one pass. On generated files (blank lines, CRLF, missing tokens,
/// out-of-range and malformed numbers, text in number columns, quoted fields holding a comma or a line
/// end, grouped numbers, invalid UTF-8, rows of the wrong width) the chunked read gives what the one-pass
/// read gives: the same lines, numbers, codes in the same order, coercion reports, and the same first
/// error, and the reports name the same lines.
@Suite struct ChunkedReadTests {
    static let cells = [
        "1", "2.5", "-3", "", "NULL", "nan", "n/a", "x", "1e400", "12.34.5", "MM", "SMB", "ENT",
        "\u{00E9}", "2025-01-01", "\"1,234\"", "\"a,\nb\""
    ]

    /// Rows of 3 cells (rarely 2: a wrong width), line ends LF or CRLF, blank lines now and then.
    static let file = Gen.int(in: 0...99).array(of: 4).array(of: 1...200).map { rows -> [UInt8] in
        var bytes = Array("id,n,label\n".utf8)
        for r in rows {
            let width = r[3] == 0 && r[0] < 10 ? 2 : 3
            // A quoted cell now and then (1 row in 25), so that files have quote-free chunks before it.
            // The number column holds a plain number 97 times in 100, so that many files read without error.
            let line = (0..<width).map { c in
                c == 1 && r[1] < 97
                    ? "\(r[1]).5"
                    : ChunkedReadTests.cells[r[c] % (r[3] % 25 == 3 ? ChunkedReadTests.cells.count : 15)]
            }.joined(separator: ",")
            bytes += Array(line.utf8) + (r[3] % 7 == 1 ? [13, 10] : [10])
            if r[3] % 13 == 2 { bytes += [10] }
            if r[3] == 99 && r[0] < 10 { bytes += [0xFF, 0x2C, 0x31, 0x2C, 0x78, 10] }  // invalid UTF-8 in the id
        }
        return bytes
    }

    func parse(_ bytes: [UInt8], chunkSize: Int) -> Result<TypedColumns, Error> {
        Result {
            try bytes.withUnsafeBufferPointer { all in
                try TypedCSVReader.parse(
                    all, source: "f.csv", numeric: ["n"], text: ["id", "label"], purpose: { _ in "" },
                    chunkSize: chunkSize)
            }
        }
    }

    @Test func chunkedReadEqualsOnePass() throws {
        var rng = Xoshiro(seed: (17, 2, 2026, 30))
        var chunked = 0
        var read = 0
        var quoted = 0
        for _ in 0..<300 {
            let bytes = Self.file.run(using: &rng)
            let onePass = parse(bytes, chunkSize: 1 << 30)
            let inChunks = parse(bytes, chunkSize: 16)
            chunked += bytes.count >= 32 ? 1 : 0
            quoted += bytes.contains(UInt8(ascii: "\"")) ? 1 : 0
            switch (onePass, inChunks) {
            case (.success(let a), .success(let b)):
                read += 1
                #expect(a.lines == b.lines && a.numbers == b.numbers && a.reports == b.reports)
                #expect(a.reports.mapValues(\.summary) == b.reports.mapValues(\.summary))
                #expect(a.codes == b.codes && a.levels == b.levels)
            case (.failure(let a), .failure(let b)):
                #expect("\(a)" == "\(b)")
            default:
                Issue.record("one pass: \(onePass), in chunks: \(inChunks)")
            }
        }
        #expect(
            chunked > 250 && read > 30 && quoted > 30 && quoted < 270,
            "\(chunked) files in chunks, \(read) read without error, \(quoted) with a quote")
    }

    /// A column read as bytes (`ByteValues`) holds, row by row, what it holds read as text: in one pass
    /// and in chunks, alone, beside a text column, and also wanted as a number or as text (then made
    /// from the text read); where the text read fails, the bytes read fails with the same message.
    @Test func bytesColumnsHoldWhatTextColumnsHold() throws {
        var rng = Xoshiro(seed: (17, 5, 2026, 30))
        var agreed = 0
        for _ in 0..<300 {
            let bytes = Self.file.run(using: &rng)
            let text = Result {
                try bytes.withUnsafeBufferPointer { all in
                    try TypedCSVReader.parse(
                        all, source: "f.csv", numeric: ["n"], text: ["id", "label", "n"], purpose: { _ in "" })
                }
            }
            let ways: [(chunkSize: Int, text: [String], bytes: [String])] = [
                (16, ["label"], ["id", "n"]), (1 << 30, ["label"], ["id"]), (16, ["id", "label"], ["label", "id"])
            ]
            for way in ways {
                let read = Result {
                    try bytes.withUnsafeBufferPointer { all in
                        try TypedCSVReader.parse(
                            all, source: "f.csv", numeric: ["n"], text: way.text, bytes: way.bytes,
                            purpose: { _ in "" }, chunkSize: way.chunkSize)
                    }
                }
                switch (text, read) {
                case (.success(let a), .success(let b)):
                    agreed += 1
                    #expect(a.lines == b.lines && a.numbers == b.numbers)
                    for name in way.bytes {
                        let values = b.bytes[name].map { column in (0..<column.count).map { column.value($0) } }
                        #expect(values == (0..<a.rowCount).map { a.text(name, row: $0) }, "\(name)")
                    }
                case (.failure(let a), .failure(let b)):
                    #expect("\(a)" == "\(b)")
                default:
                    Issue.record("as text: \(text), as bytes: \(read)")
                }
            }
        }
        #expect(agreed > 90)
    }

    /// A read of the first column only counts the fields after it (`FieldCursor.skipRest`), unless the
    /// rest of the line holds a quote or a lone carriage return: the same lines and codes as the read of
    /// every column, and where it fails, the same message.
    @Test func fieldsAfterTheLastReadAreCountedAlike() throws {
        var rng = Xoshiro(seed: (17, 3, 2026, 30))
        var agreed = 0
        for _ in 0..<300 {
            let bytes = Self.file.run(using: &rng)
            let every = parse(bytes, chunkSize: 1 << 30)
            let first = Result {
                try bytes.withUnsafeBufferPointer { all in
                    try TypedCSVReader.parse(
                        all, source: "f.csv", numeric: [], text: ["id"], purpose: { _ in "" }, chunkSize: 16)
                }
            }
            switch (every, first) {
            case (.success(let a), .success(let b)):
                agreed += 1
                #expect(a.lines == b.lines && a.codes["id"] == b.codes["id"] && a.levels["id"] == b.levels["id"])
            case (.failure(let a), .failure(let b)):
                #expect("\(a)" == "\(b)")
            case (.failure, .success):
                continue  // a problem in a column not read (a number out of range)
            case (.success, .failure(let b)):
                Issue.record("every column read, the first alone failed: \(b)")
            }
        }
        #expect(agreed > 30)
    }

    /// A read that keeps no lines finds a record's line again by walking the records: the line the
    /// read that keeps them gives, blank lines and quoted line ends included.
    @Test func aRecordsLineIsFoundAgain() throws {
        var rng = Xoshiro(seed: (17, 4, 2026, 30))
        var checked = 0
        for _ in 0..<200 {
            let file = try TypedCSVReader.File(data: Data(Self.file.run(using: &rng)), source: "f.csv")
            guard let table = try? file.columns(numeric: [], text: ["id"]) else { continue }
            let lean = try file.columns(numeric: [], text: ["id"], keepingLines: false)
            #expect(lean.lines.isEmpty && lean.rowCount == table.rowCount && lean.codes == table.codes)
            for r in table.lines.indices { #expect(file.line(ofRecord: r) == table.lines[r]) }
            checked += 1
        }
        #expect(checked > 30)
    }

    /// A streamed read hands on chunks that join to what `columns` gives, and the same first error.
    @Test func streamedChunksJoinToTheColumns() throws {
        var rng = Xoshiro(seed: (17, 1, 2026, 30))
        var streamed = 0
        for _ in 0..<200 {
            let bytes = Self.file.run(using: &rng)
            let onePass = parse(bytes, chunkSize: 1 << 30)
            var rows = 0
            var lines: [Int] = []
            var numbers = NumberColumn()
            var codes: [[Int32]] = [[], []]
            let summary = Result {
                try TypedCSVReader.File(data: Data(bytes), source: "f.csv").stream(
                    numeric: ["n"], text: ["id", "label"], purpose: { _ in "" }, chunkSize: 16
                ) { chunk in
                    #expect(chunk.firstRow == rows)
                    rows += chunk.rowCount
                    lines += chunk.lines
                    numbers.append(contentsOf: chunk.numbers[0])
                    for t in 0..<2 { codes[t] += chunk.codes[t] }
                }
            }
            switch (onePass, summary) {
            case (.success(let a), .success(let b)):
                streamed += 1
                #expect(a.lines == lines && a.numbers["n"] == numbers && b.rowCount == rows)
                #expect(a.codes["id"] == codes[0] && a.codes["label"] == codes[1] && a.levels == b.levels)
                #expect(a.reports == b.reports)
            case (.failure(let a), .failure(let b)):
                #expect("\(a)" == "\(b)")
            default:
                Issue.record("columns: \(onePass), streamed: \(summary)")
            }
        }
        #expect(streamed > 20)
    }

    /// While stretches are handed on, the next ones are read (`StretchPipeline`): a `body` that stops
    /// the stream at any stretch gets its own error back, after exactly the stretches before it, on
    /// any file, and the stretches read ahead are waited for.
    @Test func aStreamStoppedByItsBodyEndsThere() throws {
        struct Stop: Error {}
        var rng = Xoshiro(seed: (17, 5, 2026, 30))
        var stopped = 0
        for k in 0..<200 {
            let file = try TypedCSVReader.File(data: Data(Self.file.run(using: &rng)), source: "f.csv")
            var handed = 0
            let stopAt = k % 5
            do {
                _ = try file.stream(numeric: ["n"], text: ["id"], purpose: { _ in "" }, chunkSize: 16) { _ in
                    guard handed < stopAt else { throw Stop() }
                    handed += 1
                }
            } catch is Stop {
                stopped += 1
                #expect(handed == stopAt)
            } catch {
                continue  // the file has a problem of its own before that stretch
            }
        }
        #expect(stopped > 100)
    }
}
