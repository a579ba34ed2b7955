import Foundation

/// A CSV file read as text fields, with the line each row started on, so that every error can
/// name file, line and column.
public struct CSVTable: Sendable {
    /// The name used in messages (the path as given).
    public let source: String
    public let header: [String]
    public let rows: [[String]]
    /// 1-based line of the file on which each row starts.
    public let lines: [Int]

    private let groupingCache = ColumnCache()

    public init(source: String, header: [String], rows: [[String]], lines: [Int]) {
        self.source = source
        self.header = header
        self.rows = rows
        self.lines = lines
    }

    /// The index of a column, or an error that lists the columns there are.
    public func column(_ name: String, purpose: String? = nil) throws -> Int {
        if let index = header.firstIndex(of: name) { return index }
        throw TypedCSVReader.missingColumn(name, header, source, purpose)
    }

    /// Tokens read as a missing value: empty, NULL, NA, NaN (any case).
    /// The same test as the typed reader's (`TypedCSVReader.missingToken`), on the field's bytes.
    public static func isMissing(_ field: String) -> Bool {
        var text = field
        return text.withUTF8 { TypedCSVReader.isMissing(TypedCSVReader.trimmed($0[...])) }
    }

    /// The number in row `row`, column `column`; nil when missing; an error naming file, line and
    /// column when the text is not a finite number.
    /// Grouped numbers ("1,234.50") are read as numbers (`NumberText`); "1,234" only when another
    /// value of the column shows comma grouping, else it is an error naming its line.
    public func number(row: Int, column: Int) throws -> Double? {
        let field = rows[row][column]
        if Self.isMissing(field) { return nil }
        return try NumberText.strictValue(
            NumberText.read(field.trimmedSpaces.utf8), field: field, commasGroup: { commasGroup(column: column) },
            source: source, line: lines[row], column: header[column])
    }

    /// Whether the column's commas are thousands separators (computed once per column, on first need).
    func commasGroup(column: Int) -> Bool {
        groupingCache.value(column) {
            var evidence = GroupingEvidence()
            for (row, line) in zip(rows, lines) where !Self.isMissing(row[column]) {
                let text = row[column].trimmedSpaces
                evidence.note(NumberText.read(text.utf8), bytes: text.utf8, line: line)
                if evidence.commasGroup { return true }
            }
            return false
        }
    }

    /// Like `number(row:column:)`, but a missing value is an error too.
    public func requiredNumber(row: Int, column: Int) throws -> Double {
        guard let value = try number(row: row, column: column) else {
            throw DataError(
                "\(source):\(lines[row]): column '\(header[column])': expected a number, got a missing value")
        }
        return value
    }

    /// The unit ids of a column, checked: none missing, none repeated.
    public func uniqueIDs(column: Int) throws -> [String] {
        var seen: [String: Int] = [:]
        seen.reserveCapacity(rows.count)
        return try rows.indices.map { row in
            let id = rows[row][column].trimmedSpaces
            guard !Self.isMissing(id) else {
                throw DataError("\(source):\(lines[row]): column '\(header[column])': the id is missing")
            }
            if let first = seen[id] {
                throw DataError(
                    "\(source):\(lines[row]): column '\(header[column])': duplicate id '\(id)' (first on line \(lines[first]))"
                )
            }
            seen[id] = row
            return id
        }
    }
}

extension CSVTable {
    /// The table, or an error when it has a header and no data rows.
    public func requiringRows() throws -> CSVTable {
        guard !rows.isEmpty else { throw DataError("\(source): no data rows after the header") }
        return self
    }

    /// A header with a name twice would make every lookup silently take the first: an error instead.
    public static func checkUniqueHeader(_ header: [String], source: String, line: Int = 1) throws {
        var first: [String: Int] = [:]
        for (k, name) in header.enumerated() {
            if let earlier = first[name] {
                throw DataError(
                    "\(source):\(line): column '\(name)' appears twice in the header (fields \(earlier + 1) and \(k + 1)); rename one"
                )
            }
            first[name] = k
        }
    }
}

/// Bad input data, as one sentence that names the file, line and column.
public struct DataError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// A per-column memo that a value type can carry (a lock makes it safe across threads).
final class ColumnCache: @unchecked Sendable {
    private var values: [Int: Bool] = [:]
    private let lock = NSLock()

    func value(_ column: Int, compute: () -> Bool) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if let known = values[column] { return known }
        let value = compute()
        values[column] = value
        return value
    }
}
