import Foundation

/// An RFC 4180 CSV reader: quoted fields (with "" for a quote and line breaks inside quotes),
/// LF or CRLF line ends, an optional UTF-8 byte-order mark, blank lines skipped. The first row is
/// the header; every row must have as many fields as the header.
public enum CSVReader {
    public static func read(path: String) throws -> CSVTable {
        guard let data = FileManager.default.contents(atPath: path) else { throw unreadable(path) }
        return try parse(data, source: path)
    }

    /// The records of `data`, read by the same `FieldCursor` as `TypedCSVReader`: one dialect, one parser.
    public static func parse(_ data: Data, source: String) throws -> CSVTable {
        let (records, lines) = try data.withUnsafeBytes { raw in
            try Self.records(raw.bindMemory(to: UInt8.self), source: source)
        }
        guard let header = records.first else {
            throw DataError("\(source): the file is empty; expected a header line")
        }
        try CSVTable.checkUniqueHeader(header.map { $0.trimmedSpaces }, source: source, line: lines[0])
        for (record, at) in zip(records, lines).dropFirst() where record.count != header.count {
            throw DataError("\(source):\(at): expected \(header.count) fields as in the header, got \(record.count)")
        }
        return CSVTable(
            source: source, header: header.map { $0.trimmedSpaces },
            rows: Array(records.dropFirst()), lines: Array(lines.dropFirst()))
    }

    /// The header and the record that starts on file line `line` (the header's is line 1), as text
    /// with the header's names trimmed; nil when no record starts there or the text before it is not
    /// CSV. For messages about a record known by its line: the records before it are walked, not kept.
    public static func record(startingOn line: Int, in data: Data) -> (header: [String], fields: [String])? {
        data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            var cursor = FieldCursor(bytes: bytes, position: bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0, source: "")
            var fields: [FieldCursor.Field] = []
            var header: [String]?
            while (try? cursor.nextRecord(into: &fields)) == true, cursor.recordLine <= line {
                if header == nil {
                    header = text(fields, cursor).map(\.trimmedSpaces)
                } else if cursor.recordLine == line, let header {
                    return (header, text(fields, cursor))
                }
            }
            return nil
        }
    }

    /// A record's fields as text (invalid UTF-8 replaced: for messages only).
    private static func text(_ fields: [FieldCursor.Field], _ cursor: FieldCursor) -> [String] {
        fields.map { field in cursor.withField(field) { String(decoding: $0, as: UTF8.self) } }
    }

    /// Every non-blank record as text, with the line it starts on. Text that is not UTF-8 is an error
    /// naming its line: decoding it with replacement would turn distinct invalid ids into the same U+FFFD.
    static func records(_ bytes: UnsafeBufferPointer<UInt8>, source: String) throws -> ([[String]], [Int]) {
        var cursor = FieldCursor(bytes: bytes, position: bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0, source: source)
        var records: [[String]] = []
        var lines: [Int] = []
        var invalidUTF8: (line: Int, field: Int)?
        while let fields = try cursor.nextRecord() {
            let line = cursor.recordLine
            records.append(
                fields.enumerated().map { k, field in
                    cursor.withField(field) { text in
                        if invalidUTF8 == nil, text.contains(where: { $0 >= 0x80 }),
                            String(validating: text, as: UTF8.self) == nil
                        {
                            invalidUTF8 = (line, k + 1)
                        }
                        return String(decoding: text, as: UTF8.self)
                    }
                })
            lines.append(line)
        }
        if let bad = invalidUTF8 {
            throw DataError(
                "\(source):\(bad.line): field \(bad.field) is not valid UTF-8; save the file as UTF-8 (CSV UTF-8 in Excel)"
            )
        }
        return (records, lines)
    }
}

/// Why a path cannot be read as a file: missing, a folder, or unreadable.
func unreadable(_ path: String) -> DataError {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
        return DataError("\(path): no such file")
    }
    return DataError(
        isFolder.boolValue
            ? "\(path): is a folder, not a CSV file"
            : "\(path): cannot read the file (permissions, or not a regular file)")
}
