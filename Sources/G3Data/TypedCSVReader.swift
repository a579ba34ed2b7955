import Foundation

/// The wanted columns of a CSV file, typed in one pass over its bytes: numbers (`NumberColumn`, 8 bytes
/// a value) with every coercion counted, text as codes into a table of distinct values (ids, labels and dates
/// repeat across a panel's rows, so each distinct value becomes a String once).
public struct TypedColumns: Sendable {
    public let source: String
    public let header: [String]
    /// The file line of each data row (for messages).
    public let lines: [Int]
    public var rowCount: Int { lines.count }
    public let numbers: [String: NumberColumn]
    public let reports: [String: CoercionReport]
    /// Per text column: the code of each row, −1 for a missing value ("", NULL, NA, nan).
    public let codes: [String: [Int32]]
    /// Per text column: the value of each code.
    public let levels: [String: [String]]

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
            header = try data.withUnsafeBytes { raw in
                let bytes = raw.bindMemory(to: UInt8.self)
                var cursor = FieldCursor(
                    bytes: bytes, position: bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0, source: path)
                guard let fields = try cursor.nextRecord() else {
                    throw DataError("\(path): the file is empty; expected a header line")
                }
                return fields.map { cursor.withField($0) { String(decoding: $0, as: UTF8.self) }.trimmedSpaces }
            }
            try CSVTable.checkUniqueHeader(header, source: path)
        }

        /// Reads `numeric` and `text` columns (each must be in the header; `purpose` says why in the error).
        public func columns(numeric: [String], text: [String], purpose: (String) -> String = { _ in "a needed column" })
            throws -> TypedColumns
        {
            try data.withUnsafeBytes { raw in
                try TypedCSVReader.parse(
                    raw.bindMemory(to: UInt8.self), source: path, numeric: numeric, text: text, purpose: purpose,
                    releasingPages: mapped)
            }
        }
    }

    /// What the reader keeps of a column; a column asked for as a number and as text keeps both.
    enum Role {
        case skip
        case number(Int)
        case text(Int)
        case both(number: Int, text: Int)
    }

    static func parse(
        _ all: UnsafeBufferPointer<UInt8>, source: String, numeric: [String], text: [String],
        purpose: (String) -> String, releasingPages: Bool = false, releaseStep: Int = 32 << 20
    ) throws -> TypedColumns {
        // A column named twice in a list is read once (the result is keyed by name).
        let numeric = uniqueNames(numeric)
        let text = uniqueNames(text)
        var start = 0
        if all.count >= 3, all[0] == 0xEF, all[1] == 0xBB, all[2] == 0xBF { start = 3 }
        var reader = FieldCursor(bytes: all, position: start, source: source)
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
        var numbers = [NumberColumn](repeating: [], count: numeric.count)
        var reports = numeric.map { CoercionReport(column: $0) }
        var codes = [[Int32]](repeating: [], count: text.count)
        var interners = [Interner](repeating: Interner(), count: text.count)
        var lines: [Int] = []
        var pages = PageRelease(all, enabled: releasingPages, step: UInt(releaseStep))
        while let fields = try reader.nextRecord() {
            let line = reader.recordLine
            if lines.count & 4095 == 0 { pages.release(before: reader.position) }
            guard fields.count == header.count else {
                throw DataError(
                    "\(source):\(line): expected \(header.count) fields as in the header, got \(fields.count)")
            }
            lines.append(line)
            for (c, role) in roles.enumerated() {
                switch role {
                case .skip: continue
                case .number(let k):
                    reader.withField(fields[c]) { raw in
                        readNumber(trimmed(raw), line: line, into: &numbers[k], report: &reports[k])
                    }
                case .text(let k):
                    reader.withField(fields[c]) { raw in
                        let field = trimmed(raw)
                        codes[k].append(missingToken(field) != nil ? -1 : interners[k].code(field))
                    }
                    if interners[k].invalid { throw invalidUTF8(source, line, header[c]) }
                case .both(let k, let t):
                    reader.withField(fields[c]) { raw in
                        let field = trimmed(raw)
                        readNumber(field, line: line, into: &numbers[k], report: &reports[k])
                        codes[t].append(missingToken(field) != nil ? -1 : interners[t].code(field))
                    }
                    if interners[t].invalid { throw invalidUTF8(source, line, header[c]) }
                }
            }
        }
        for report in reports {
            if let error = report.readingError(source: source) { throw error }
        }
        return TypedColumns(
            source: source, header: header, lines: lines,
            numbers: Dictionary(zip(numeric, numbers)) { first, _ in first },
            reports: Dictionary(zip(numeric, reports)) { first, _ in first },
            codes: Dictionary(zip(text, codes)) { first, _ in first },
            levels: Dictionary(zip(text, interners.map { $0.levels })) { first, _ in first })
    }

    /// Appends the field's number (nil for a missing token or text that is not a number, counted in the report).
    @inline(__always)
    static func readNumber(
        _ field: Slice<UnsafeBufferPointer<UInt8>>, line: Int, into values: inout NumberColumn,
        report: inout CoercionReport
    ) {
        if let token = missingToken(field) {
            report.noteMissing(token)
            values.append(nil)
            return
        }
        let reading = NumberText.read(field)
        report.grouping.note(reading, bytes: field, line: line)
        switch reading {
        case .number(let value):
            values.append(value)
        case .grouped(let value), .ambiguousGrouping(let value):
            report.noteGrouped()
            values.append(value)
        case .outOfRange:
            if report.firstOutOfRange == nil { report.firstOutOfRange = (line, String(decoding: field, as: UTF8.self)) }
            values.append(nil)
        case .notANumber:
            if report.firstMalformed == nil, NumberText.looksNumeric(field) {
                report.firstMalformed = (line, String(decoding: field, as: UTF8.self))
            }
            report.noteUnparsable(line: line, text: String(decoding: field, as: UTF8.self))
            values.append(nil)
        }
    }

    static func invalidUTF8(_ source: String, _ line: Int, _ column: String) -> DataError {
        DataError(
            "\(source):\(line): column '\(column)': the value is not valid UTF-8; save the file as UTF-8 (CSV UTF-8 in Excel)"
        )
    }

    static func missingColumn(_ name: String, _ header: [String], _ source: String, _ purpose: String) -> DataError {
        DataError("\(source): no column '\(name)' (\(purpose)); the columns are \(header.joined(separator: ", "))")
    }

    static func trimmed(_ field: Slice<UnsafeBufferPointer<UInt8>>) -> Slice<UnsafeBufferPointer<UInt8>> {
        var f = field
        while let b = f.first, b == 0x20 || b == 0x09 { f = f.dropFirst() }
        while let b = f.last, b == 0x20 || b == 0x09 { f = f.dropLast() }
        return f
    }

    /// The missing token as `CSVTable`'s coercion report names it ("", NULL, NA, nan), or nil.
    static func missingToken(_ f: Slice<UnsafeBufferPointer<UInt8>>) -> String? {
        if f.isEmpty { return "" }
        guard f.count <= 4, f.count >= 2 else { return nil }
        func lower(_ i: Int) -> UInt8 { f[f.startIndex + i] | 0x20 }
        switch f.count {
        case 2 where lower(0) == UInt8(ascii: "n") && lower(1) == UInt8(ascii: "a"): return "NA"
        case 3 where lower(0) == UInt8(ascii: "n") && lower(1) == UInt8(ascii: "a") && lower(2) == UInt8(ascii: "n"):
            return "nan"
        case 4
        where lower(0) == UInt8(ascii: "n") && lower(1) == UInt8(ascii: "u") && lower(2) == UInt8(ascii: "l")
            && lower(3) == UInt8(ascii: "l"):
            return "NULL"
        default: return nil
        }
    }
}

/// Distinct byte strings → codes, hashing the bytes in place (no allocation for a value seen before).
struct Interner {
    private var buckets: [UInt64: [Int32]] = [:]
    private var bytes: [[UInt8]] = []
    private(set) var levels: [String] = []
    /// Set when a value is not valid UTF-8 (its text would hold U+FFFD and could equal another's).
    private(set) var invalid = false

    /// The last value coded: a panel sorted by account repeats an account's id and labels row after
    /// row, and comparing with the previous value costs less than hashing.
    private var last: Int32 = -1

    mutating func code(_ field: Slice<UnsafeBufferPointer<UInt8>>) -> Int32 {
        if last >= 0, Self.same(bytes[Int(last)], field) { return last }
        last = lookUp(field)
        return last
    }

    @inline(__always)
    private static func same(_ stored: [UInt8], _ field: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        guard stored.count == field.count else { return false }
        guard let base = field.base.baseAddress, !stored.isEmpty else { return stored.isEmpty }
        return stored.withUnsafeBufferPointer { s in
            s.baseAddress.map { memcmp($0, base + field.startIndex, stored.count) == 0 } ?? false
        }
    }

    private mutating func lookUp(_ field: Slice<UnsafeBufferPointer<UInt8>>) -> Int32 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a
        for b in field { hash = (hash ^ UInt64(b)) &* 0x100_0000_01b3 }
        if let candidates = buckets[hash] {
            for code in candidates where bytes[Int(code)].elementsEqual(field) { return code }
        }
        let code = Int32(levels.count)
        bytes.append(Array(field))
        if field.contains(where: { $0 >= 0x80 }), String(validating: field, as: UTF8.self) == nil { invalid = true }
        levels.append(String(decoding: field, as: UTF8.self))
        buckets[hash, default: []].append(code)
        return code
    }
}

/// Walks a CSV buffer record by record. A field is a byte range of the buffer, or for a quoted
/// field the index of its unescaped copy.
struct FieldCursor {
    enum Field {
        case plain(Range<Int>)
        case quoted(Int)
    }

    let bytes: UnsafeBufferPointer<UInt8>
    var position: Int
    let source: String
    var line = 1
    private(set) var recordLine = 1
    private var unescaped: [[UInt8]] = []

    init(bytes: UnsafeBufferPointer<UInt8>, position: Int, source: String) {
        self.bytes = bytes
        self.position = position
        self.source = source
    }

    /// Calls `body` with the field's bytes.
    func withField<T>(_ field: Field, _ body: (Slice<UnsafeBufferPointer<UInt8>>) -> T) -> T {
        switch field {
        case .plain(let range): return body(bytes[range])
        case .quoted(let i): return unescaped[i].withUnsafeBufferPointer { body($0[...]) }
        }
    }

    /// The next non-blank record's fields, or nil at the end of the file.
    mutating func nextRecord() throws -> [Field]? {
        while position < bytes.count {
            recordLine = line
            unescaped.removeAll(keepingCapacity: true)
            var fields: [Field] = []
            fields.reserveCapacity(16)
            var blank = true
            while true {
                if position < bytes.count, bytes[position] == UInt8(ascii: "\"") {
                    blank = false
                    unescaped.append(try quotedField())
                    fields.append(.quoted(unescaped.count - 1))
                } else {
                    let start = position
                    while position < bytes.count {
                        let b = bytes[position]
                        if b == UInt8(ascii: ",") || b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r") { break }
                        if b == UInt8(ascii: "\"") {
                            throw DataError(
                                "\(source):\(line): a quote inside an unquoted field; quote the whole field and double inner quotes"
                            )
                        }
                        position += 1
                    }
                    if position > start { blank = false }
                    fields.append(.plain(start..<position))
                }
                // After a field: a comma, a line end, or the end of the file.
                if position >= bytes.count { return blank ? nil : fields }
                let b = bytes[position]
                if b == UInt8(ascii: ",") {
                    blank = false
                    position += 1
                    continue
                }
                if b == UInt8(ascii: "\r") {
                    position += 1
                    if position < bytes.count, bytes[position] == UInt8(ascii: "\n") { position += 1 }
                } else if b == UInt8(ascii: "\n") {
                    position += 1
                } else {
                    throw DataError("\(source):\(line): unexpected text after a closing quote")
                }
                line += 1
                if blank { break }  // a blank line: skip it
                return fields
            }
        }
        return nil
    }

    private mutating func quotedField() throws -> [UInt8] {
        var field: [UInt8] = []
        let opened = line
        position += 1
        while position < bytes.count {
            let b = bytes[position]
            if b == UInt8(ascii: "\"") {
                if position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "\"") {
                    field.append(b)
                    position += 2
                    continue
                }
                position += 1
                return field
            }
            if b == UInt8(ascii: "\n") { line += 1 }
            field.append(b)
            position += 1
        }
        throw DataError("\(source):\(opened): a quoted field is not closed before the end of the file")
    }
}

/// The names in first-seen order without repeats.
func uniqueNames(_ names: [String]) -> [String] {
    var seen = Set<String>()
    return names.filter { seen.insert($0).inserted }
}

/// Gives a mapped file's pages back to the kernel once the reader has passed them, so that reading a
/// file of gigabytes does not keep it all in the resident set. A file-backed mapping's pages are
/// dropped, not lost: touched again, they are read from the file again.
struct PageRelease {
    private let base: UInt
    private let end: UInt
    private var released: UInt
    private let enabled: Bool
    /// Release in steps of at least this many bytes (32 MB when reading a file).
    private let step: UInt
    private static let pageSize = UInt(sysconf(Int32(_SC_PAGESIZE)))

    init(_ bytes: UnsafeBufferPointer<UInt8>, enabled: Bool, step: UInt) {
        self.step = step
        base = UInt(bitPattern: bytes.baseAddress)
        end = base + UInt(bytes.count)
        // The first whole page of the buffer.
        released = (base + Self.pageSize - 1) / Self.pageSize * Self.pageSize
        self.enabled = enabled && bytes.baseAddress != nil
    }

    /// Releases the whole pages before byte `offset` (the start of a record not yet read).
    mutating func release(before offset: Int) {
        guard enabled else { return }
        let upTo = (base + UInt(offset)) / Self.pageSize * Self.pageSize
        guard upTo > released, upTo - released >= step, upTo <= end,
            let start = UnsafeMutableRawPointer(bitPattern: released)
        else { return }
        _ = madvise(start, Int(upTo - released), Int32(MADV_DONTNEED))
        released = upTo
    }
}
