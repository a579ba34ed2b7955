import Foundation

/// An RFC 4180 CSV reader: quoted fields (with "" for a quote and line breaks inside quotes),
/// LF or CRLF line ends, an optional UTF-8 byte-order mark, blank lines skipped. The first row is
/// the header; every row must have as many fields as the header.
public enum CSVReader {
    public static func read(path: String) throws -> CSVTable {
        guard let data = FileManager.default.contents(atPath: path) else { throw unreadable(path) }
        return try parse(data, source: path)
    }

    public static func parse(_ data: Data, source: String) throws -> CSVTable {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        var records: [[String]] = []
        var lines: [Int] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1
        var recordLine = 1
        var quoted = false
        var wasQuoted = false
        var i = 0
        var invalidUTF8: (line: Int, field: Int)?
        func endField() {
            // Decoding with replacement would turn distinct invalid ids into the same U+FFFD text.
            if invalidUTF8 == nil, field.contains(where: { $0 >= 0x80 }),
                String(validating: field, as: UTF8.self) == nil
            {
                invalidUTF8 = (recordLine, fields.count + 1)
            }
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            wasQuoted = false
        }
        func endRecord() {
            endField()
            records.append(fields)
            lines.append(recordLine)
            fields.removeAll(keepingCapacity: true)
        }
        /// True on a line with nothing on it so far: such lines are skipped.
        var atBlankLine: Bool { fields.isEmpty && field.isEmpty && !wasQuoted }
        while i < bytes.count {
            let byte = bytes[i]
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "\"") {
                        field.append(byte)
                        i += 1
                    } else {
                        quoted = false
                    }
                } else {
                    if byte == UInt8(ascii: "\n") { line += 1 }
                    field.append(byte)
                }
            } else {
                switch byte {
                case UInt8(ascii: "\""):
                    guard field.isEmpty, !wasQuoted else {
                        throw DataError(
                            "\(source):\(line): a quote inside an unquoted field; quote the whole field and double inner quotes"
                        )
                    }
                    quoted = true
                    wasQuoted = true
                case UInt8(ascii: ","):
                    endField()
                case UInt8(ascii: "\r") where i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\n"):
                    break
                case UInt8(ascii: "\n"):
                    if !atBlankLine { endRecord() }
                    line += 1
                    recordLine = line
                default:
                    field.append(byte)
                }
            }
            i += 1
        }
        if quoted {
            throw DataError("\(source):\(recordLine): a quoted field is not closed before the end of the file")
        }
        if !atBlankLine { endRecord() }
        if let bad = invalidUTF8 {
            throw DataError(
                "\(source):\(bad.line): field \(bad.field) is not valid UTF-8; save the file as UTF-8 (CSV UTF-8 in Excel)"
            )
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
