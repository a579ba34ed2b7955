import Foundation

/// A stretch of a file's records, typed: what `TypedCSVReader.File.stream` hands on, one after the
/// other in file order, so that a caller can reduce the rows as they come and keep none of them.
public struct TypedChunk {
    /// The index of the stretch's first record among all the file's records.
    public let firstRow: Int
    public let rowCount: Int
    /// The file line of each record; empty when the stream keeps no lines.
    public let lines: [Int]
    /// Per numeric column, in the order asked for.
    public let numbers: [NumberColumn]
    /// Per text column, in the order asked for: codes into the file's table of distinct values, the
    /// same codes as `TypedColumns` gives (first-seen order over the whole file), −1 for missing.
    public let codes: [[Int32]]
    /// Per text column: the value of each code seen so far, this stretch's included (the table itself,
    /// not a copy: a caller that keeps it makes the next stretch copy it).
    public let levels: [[String]]
    /// How many bytes of the file the stretch spans.
    public let bytes: Int
}

/// What a streamed read leaves: the coercions and the distinct values of the text columns.
public struct TypedStreamSummary: Sendable {
    public let rowCount: Int
    public let reports: [String: CoercionReport]
    /// Per text column: the value of each code.
    public let levels: [String: [String]]
}

extension TypedCSVReader.File {
    /// Reads `numeric` and `text` columns as `columns(numeric:text:purpose:)` does, but hands the
    /// records to `body` a stretch at a time and keeps none of them: memory grows with a stretch and
    /// the distinct text values, not with the file. The columns of a stretch are in the order of the
    /// lists given (a name listed twice is read once, at its first place). The same problems are
    /// reported, after the stretches that precede them have been handed on. Without `keepingLines`
    /// the stretches carry no record's line (8 bytes a record); `line(ofRecord:)` finds one. Without
    /// `throwingReadingErrors`, a number column's reading error (`CoercionReport.readingError`) is
    /// left in the summary's reports for the caller to raise when it sees fit. Stretches of 8 MB: 2 MB
    /// ones filled and drained the pipeline sooner (seed read 0.130 s against 0.143 s), but on a
    /// freshly written file the kernel maps its large folios whole across their ends, and the 10×
    /// read's peak went from 344–352 MB to 595–610 MB.
    public func stream(
        numeric: [String], text: [String], purpose: (String) -> String = { _ in "a needed column" },
        keepingLines: Bool = true, throwingReadingErrors: Bool = true, _ body: (TypedChunk) throws -> Void
    ) throws -> TypedStreamSummary {
        try stream(
            numeric: numeric, text: text, purpose: purpose, chunkSize: 8 << 20, keepingLines: keepingLines,
            throwingReadingErrors: throwingReadingErrors, body)
    }

    func stream(
        numeric: [String], text: [String], purpose: (String) -> String, chunkSize: Int, keepingLines: Bool = true,
        throwingReadingErrors: Bool = true, _ body: (TypedChunk) throws -> Void
    ) throws -> TypedStreamSummary {
        try data.withUnsafeBytes { raw in
            let all = raw.bindMemory(to: UInt8.self)
            let (layout, start, line) = try TypedCSVReader.prepare(
                all, source: path, numeric: numeric, text: text, purpose: purpose)
            let options = TypedCSVReader.ReadOptions(
                releasingPages: mapped, releaseStep: 32 << 20, chunkSize: chunkSize, keepsLines: keepingLines)
            var tables = TypedCSVReader.Records(layout)
            var rows = 0
            var position = start
            try TypedCSVReader.forEachPart(all, from: start, line: line, layout: layout, options: options) { part in
                let codes = tables.absorbTables(part)
                try body(
                    TypedChunk(
                        firstRow: rows, rowCount: part.rows, lines: part.lines, numbers: part.numbers, codes: codes,
                        levels: tables.interners.map(\.levels), bytes: part.bytes))
                rows += part.rows
                position += part.bytes
                onProgress?(position, rows)
            }
            for report in tables.reports where throwingReadingErrors {
                if let error = report.readingError(source: path) { throw error }
            }
            return TypedStreamSummary(
                rowCount: rows, reports: Dictionary(zip(layout.numeric, tables.reports)) { first, _ in first },
                levels: Dictionary(zip(layout.textNames, tables.interners.map { $0.levels })) { first, _ in first })
        }
    }
}
