import Foundation

/// The wanted columns of a CSV file, typed in one pass over its bytes: numbers (`NumberColumn`, 8 bytes
/// a value) with every coercion counted, text as codes into a table of distinct values (ids, labels and dates
/// repeat across a panel's rows, so each distinct value becomes a String once).
public struct TypedColumns: Sendable {
    public let source: String
    public let header: [String]
    /// The file line of each data row (for messages); empty when read without lines
    /// (`File.columns(…, keepingLines: false)`, which `File.line(ofRecord:)` then finds).
    public let lines: [Int]
    public let rowCount: Int
    public let numbers: [String: NumberColumn]
    public let reports: [String: CoercionReport]
    /// Per text column: the code of each row, −1 for a missing value ("", NULL, NA, nan).
    public let codes: [String: [Int32]]
    /// Per text column: the value of each code.
    public let levels: [String: [String]]
    /// Per column asked for as bytes: each row's value.
    public let bytes: [String: ByteValues]

    /// The text of a row's cell in a text column; nil when missing.
    public func text(_ column: String, row: Int) -> String? {
        guard let code = codes[column]?[row], code >= 0 else { return nil }
        return levels[column]![Int(code)]
    }
}

/// The same dialect as `CSVReader` (RFC 4180 quotes, LF or CRLF, a UTF-8 BOM, blank lines skipped,
/// every row as wide as the header), without a String per field: built for panels of millions of rows.
public enum TypedCSVReader {
    /// A file read into memory with its header, so that callers can choose columns by what it has.
    public struct File {
        public let path: String
        public let header: [String]
        let data: Data
        /// The bytes are the file's pages (mapped), which the reader gives back as it passes them.
        let mapped: Bool
        /// Called as the reader moves on (after each stretch of records, in order): the bytes read so
        /// far (of `byteCount`) and the records read so far.
        public var onProgress: ((_ bytes: Int, _ records: Int) -> Void)?
        public var byteCount: Int { data.count }

        public init(path: String) throws {
            // Mapped, not copied: the pages are the file's and the kernel can drop them. What cannot be
            // mapped (a pipe, an empty file) is read into memory.
            if let mapped = Self.map(path) {
                try self.init(data: mapped, source: path, mapped: true)
                return
            }
            guard let data = try? Data(contentsOf: URL(fileURLWithPath: path)) else { throw unreadable(path) }
            try self.init(data: data, source: path, mapped: false)
        }

        /// The file's pages, mapped read-only (MAP_PRIVATE); nil when it cannot be mapped.
        static func map(_ path: String) -> Data? {
            let fd = open(path, O_RDONLY)
            guard fd >= 0 else { return nil }
            defer { close(fd) }
            var status = stat()
            guard fstat(fd, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, status.st_size > 0 else { return nil }
            let size = Int(status.st_size)
            guard let pages = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), pages != MAP_FAILED else { return nil }
            return Data(
                bytesNoCopy: pages, count: size, deallocator: .custom { pointer, count in munmap(pointer, count) })
        }

        /// CSV text already in memory (rows a warehouse sent); `source` names it in messages.
        public init(data: Data, source path: String) throws {
            try self.init(data: data, source: path, mapped: false)
        }

        private init(data: Data, source path: String, mapped: Bool) throws {
            self.path = path
            self.data = data
            self.mapped = mapped
            let (header, line) = try data.withUnsafeBytes { raw in
                let bytes = raw.bindMemory(to: UInt8.self)
                var cursor = FieldCursor(
                    bytes: bytes, position: bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0, source: path)
                guard let fields = try cursor.nextRecord() else {
                    throw DataError("\(path): the file is empty; expected a header line")
                }
                let names = fields.map { cursor.withField($0) { String(decoding: $0, as: UTF8.self) }.trimmedSpaces }
                return (names, cursor.recordLine)
            }
            self.header = header
            // Blank lines before the header are skipped: the message names the header's own line.
            try CSVTable.checkUniqueHeader(header, source: path, line: line)
        }

        /// Reads `numeric`, `text` and `bytes` columns (each must be in the header; `purpose` says why in
        /// the error); a `bytes` column (`ByteValues`) is for values nearly all distinct, such as ids.
        /// Without `keepingLines` no record's line is kept (8 bytes a record); `line(ofRecord:)` finds one.
        public func columns(
            numeric: [String], text: [String], bytes: [String] = [],
            purpose: (String) -> String = { _ in "a needed column" }, keepingLines: Bool = true
        ) throws -> TypedColumns {
            try data.withUnsafeBytes { raw in
                try TypedCSVReader.parse(
                    raw.bindMemory(to: UInt8.self), source: path, numeric: numeric, text: text, bytes: bytes,
                    purpose: purpose, releasingPages: mapped, keepsLines: keepingLines, progress: onProgress)
            }
        }

        /// The file line on which record `r` (counted from 0 after the header) starts, found by
        /// walking the records again: for a message about a read that kept no lines.
        public func line(ofRecord r: Int) -> Int {
            data.withUnsafeBytes { raw in
                let bytes = raw.bindMemory(to: UInt8.self)
                var cursor = FieldCursor(
                    bytes: bytes, position: bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0, source: path)
                var fields: [FieldCursor.Field] = []
                var record = -2  // the header is record −1
                while record < r, (try? cursor.nextRecord(into: &fields, wanted: 1)) == true { record += 1 }
                return cursor.recordLine
            }
        }
    }

    /// What the reader keeps of a column; a column asked for as a number and as text keeps both.
    enum Role: Sendable {
        case skip
        case number(Int)
        case text(Int)
        case both(number: Int, text: Int)
        case bytes(Int)
    }

    static func parse(
        _ all: UnsafeBufferPointer<UInt8>, source: String, numeric: [String], text: [String], bytes: [String] = [],
        purpose: (String) -> String, releasingPages: Bool = false, releaseStep: Int = 32 << 20,
        chunkSize: Int = 16 << 20, keepsLines: Bool = true, readsPlain: Bool = true,
        progress: ((Int, Int) -> Void)? = nil
    ) throws -> TypedColumns {
        // A column also wanted as a number or text is read as text, and its bytes made from that.
        let shared = bytes.filter { numeric.contains($0) || text.contains($0) }
        let (layout, start, line) = try prepare(
            all, source: source, numeric: numeric, text: text + shared, bytes: bytes.filter { !shared.contains($0) },
            purpose: purpose)
        let parts = try records(
            all, from: start, line: line, layout: layout,
            options: ReadOptions(
                releasingPages: releasingPages, releaseStep: releaseStep, chunkSize: chunkSize, keepsLines: keepsLines,
                readsPlain: readsPlain),
            progress: progress)
        for report in parts.reports {
            if let error = report.readingError(source: source) { throw error }
        }
        let codes = Dictionary(zip(layout.textNames, parts.codes)) { first, _ in first }
        let levels = Dictionary(zip(layout.textNames, parts.interners.map { $0.levels })) { first, _ in first }
        var byteValues = Dictionary(zip(layout.byteNames, parts.byteColumns)) { first, _ in first }
        for name in shared { byteValues[name] = ByteValues(codes: codes[name] ?? [], levels: levels[name] ?? []) }
        return TypedColumns(
            source: source, header: layout.header, lines: parts.lines, rowCount: parts.rows,
            numbers: Dictionary(zip(layout.numeric, parts.numbers)) { first, _ in first },
            reports: Dictionary(zip(layout.numeric, parts.reports)) { first, _ in first },
            codes: codes, levels: levels, bytes: byteValues)
    }

    /// The header read and each wanted column given its role; `start` and `line` locate the first record.
    /// A `bytes` column must not be in `numeric` or `text` (`parse` reads such a column as text).
    static func prepare(
        _ all: UnsafeBufferPointer<UInt8>, source: String, numeric: [String], text: [String], bytes: [String] = [],
        purpose: (String) -> String
    ) throws -> (layout: Layout, start: Int, line: Int) {
        // A column named twice in a list is read once (the result is keyed by name).
        let numeric = uniqueNames(numeric)
        let text = uniqueNames(text)
        let bytes = uniqueNames(bytes)
        var start = 0
        if all.count >= 3, all[0] == 0xEF, all[1] == 0xBB, all[2] == 0xBF { start = 3 }
        var reader = FieldCursor(bytes: all, position: start, source: source, line: 1)
        guard let headerFields = try reader.nextRecord() else {
            throw DataError("\(source): the file is empty; expected a header line")
        }
        let header = headerFields.map { reader.withField($0) { String(decoding: $0, as: UTF8.self) }.trimmedSpaces }
        var roles = [Role](repeating: .skip, count: header.count)
        for (k, name) in text.enumerated() {
            guard let c = header.firstIndex(of: name) else { throw missingColumn(name, header, source, purpose(name)) }
            roles[c] = .text(k)
        }
        for (k, name) in numeric.enumerated() {
            guard let c = header.firstIndex(of: name) else { throw missingColumn(name, header, source, purpose(name)) }
            if case .text(let t) = roles[c] { roles[c] = .both(number: k, text: t) } else { roles[c] = .number(k) }
        }
        for (k, name) in bytes.enumerated() {
            guard let c = header.firstIndex(of: name) else { throw missingColumn(name, header, source, purpose(name)) }
            roles[c] = .bytes(k)
        }
        let layout = Layout(
            source: source, header: header, roles: roles, numeric: numeric, textNames: text, byteNames: bytes)
        return (layout, reader.position, reader.line)
    }

    /// The field's number; nil for a missing token or text that is not a number, counted in the report.
    @inline(__always)
    static func number(
        _ field: Slice<UnsafeBufferPointer<UInt8>>, line: Int, report: inout CoercionReport
    ) -> Double? {
        if let token = missingToken(field) {
            report.noteMissing(token)
            return nil
        }
        let reading = NumberText.read(field)
        report.grouping.note(reading, bytes: field, line: line)
        switch reading {
        case .number(let value):
            return value
        case .grouped(let value), .ambiguousGrouping(let value):
            report.noteGrouped()
            return value
        case .outOfRange:
            if report.firstOutOfRange == nil { report.firstOutOfRange = (line, String(decoding: field, as: UTF8.self)) }
            return nil
        case .notANumber:
            if report.firstMalformed == nil, NumberText.looksNumeric(field) {
                report.firstMalformed = (line, String(decoding: field, as: UTF8.self))
            }
            report.noteUnparsable(line: line, text: String(decoding: field, as: UTF8.self))
            return nil
        }
    }

    static func invalidUTF8(_ source: String, _ line: Int, _ column: String) -> DataError {
        DataError(
            "\(source):\(line): column '\(column)': the value is not valid UTF-8; save the file as UTF-8 (CSV UTF-8 in Excel)"
        )
    }

    /// The error for a column the header lacks: its name, why it is needed (when given) and the columns
    /// there are. Both readers name a missing column through it.
    public static func missingColumn(_ name: String, _ header: [String], _ source: String, _ purpose: String?)
        -> DataError
    {
        let why = purpose.map { " (\($0))" } ?? ""
        return DataError(
            "\(source): no column '\(name)'\(why); the columns are \(header.joined(separator: ", "))"
                + caseHint([name], in: header))
    }

    /// "; names are case-sensitive, and the header has 'X'" when the header holds some of `names` only
    /// in another case (warehouses such as Snowflake export upper-case names), else "".
    public static func caseHint(_ names: [String], in header: [String]) -> String {
        let spelled = Dictionary(header.map { ($0.lowercased(), $0) }) { first, _ in first }
        let found = names.filter { !header.contains($0) }.compactMap { spelled[$0.lowercased()] }
        guard !found.isEmpty else { return "" }
        return "; names are case-sensitive, and the header has \(found.map { "'\($0)'" }.joined(separator: ", "))"
    }

    @inline(__always)
    static func trimmed(_ field: Slice<UnsafeBufferPointer<UInt8>>) -> Slice<UnsafeBufferPointer<UInt8>> {
        let space = { (b: UInt8) in b == 0x20 || b == 0x09 }
        guard let first = field.first, let last = field.last, space(first) || space(last) else { return field }
        var f = field
        while let b = f.first, space(b) { f = f.dropFirst() }
        while let b = f.last, space(b) { f = f.dropLast() }
        return f
    }

    /// The missing token as `CSVTable`'s coercion report names it ("", NULL, NA, nan), or nil.
    static func missingToken(_ f: Slice<UnsafeBufferPointer<UInt8>>) -> String? { missingKind(f)?.rawValue }

    /// Whether the field is a missing token (`missingToken`), without making its name.
    @inline(__always)
    static func isMissing(_ f: Slice<UnsafeBufferPointer<UInt8>>) -> Bool { missingKind(f) != nil }

    /// The missing tokens, by the names the coercion reports give them.
    enum MissingToken: String {
        case empty = ""
        case na = "NA"
        case nan
        case null = "NULL"
    }

    /// The field's missing token (NA, nan and NULL in any case), or nil for a value.
    @inline(__always)
    private static func missingKind(_ f: Slice<UnsafeBufferPointer<UInt8>>) -> MissingToken? {
        if f.isEmpty { return .empty }
        guard f.count <= 4, f.count >= 2 else { return nil }
        func lower(_ i: Int) -> UInt8 { f[f.startIndex + i] | 0x20 }
        switch f.count {
        case 2 where lower(0) == UInt8(ascii: "n") && lower(1) == UInt8(ascii: "a"): return .na
        case 3 where lower(0) == UInt8(ascii: "n") && lower(1) == UInt8(ascii: "a") && lower(2) == UInt8(ascii: "n"):
            return .nan
        case 4
        where lower(0) == UInt8(ascii: "n") && lower(1) == UInt8(ascii: "u") && lower(2) == UInt8(ascii: "l")
            && lower(3) == UInt8(ascii: "l"):
            return .null
        default: return nil
        }
    }
}
