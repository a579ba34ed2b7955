/// How a missing number is treated: a declared choice, never a silent default.
public enum MissingPolicy: String, CaseIterable, Sendable {
    /// Stays missing: left out of means.
    case missing
    /// Read as 0 (only where a missing value truly means "none", e.g. no revenue that month).
    case zero
    /// The whole row is dropped.
    case dropRow = "drop-row"
}

/// What reading one numeric column coerced: missing tokens by kind, and text that is not a number
/// (read as missing too), with the first such value for the message.
public struct CoercionReport: Equatable, Sendable {
    public let column: String
    public private(set) var missing: [String: Int] = [:]
    public private(set) var unparsable = 0
    public private(set) var firstUnparsable: (line: Int, text: String)?
    /// Values read with their thousands separators removed ("1,234.50" → 1234.5): numbers, not coercions.
    public private(set) var grouped = 0
    /// The first value beyond ±1e150, which makes the column unusable (an error after the read).
    public internal(set) var firstOutOfRange: (line: Int, text: String)?
    /// The first numeric-looking value no rule reads ("1.234,56"), also an error after the read.
    public internal(set) var firstMalformed: (line: Int, text: String)?

    /// The error that the column's values make unusable, if any: ambiguous grouping, a value out of
    /// range, or a number in another convention.
    public func readingError(source: String) -> DataError? {
        if let error = grouping.unresolved(source: source, column: column) { return error }
        if let first = firstOutOfRange {
            return NumberText.outOfRangeError(source: source, line: first.line, column: column, text: first.text)
        }
        if let first = firstMalformed {
            return NumberText.malformedError(source: source, line: first.line, column: column, text: first.text)
        }
        return nil
    }
    /// Whether the column's commas are thousands separators (see `NumberText`).
    public internal(set) var grouping = GroupingEvidence()
    /// Values that became missing.
    public var total: Int { missing.values.reduce(0, +) + unparsable }
    /// Whether there is anything to tell: values made missing, or numbers read with separators.
    public var isEmpty: Bool { total == 0 && grouped == 0 }

    public init(column: String) { self.column = column }

    /// The report of a number column a database reduced (`analyze --source`): its NULLs, which a CSV
    /// export carries as empty fields.
    public init(column: String, nulls: Int) {
        self.column = column
        if nulls > 0 { missing[""] = nulls }
    }

    public static func == (a: CoercionReport, b: CoercionReport) -> Bool {
        a.column == b.column && a.missing == b.missing && a.unparsable == b.unparsable
    }

    /// One line for people: "ttl_sls_rev: 12 empty, 3 NULL, 2 not a number (first: line 17 'n/a')".
    public var summary: String {
        var parts = missing.keys.sorted().map { "\(missing[$0]!) \($0.isEmpty ? "empty" : $0)" }
        if unparsable > 0, let first = firstUnparsable {
            parts.append("\(unparsable) not a number (first: line \(first.line) '\(first.text)')")
        }
        if grouped > 0 { parts.append("\(grouped) read with thousands separators (1,234.50 as 1234.50)") }
        return "\(column): " + parts.joined(separator: ", ")
    }

    mutating func noteMissing(_ token: String) { missing[token, default: 0] += 1 }
    mutating func noteGrouped() { grouped += 1 }
    mutating func noteUnparsable(line: Int, text: String) {
        unparsable += 1
        if firstUnparsable == nil { firstUnparsable = (line, text) }
    }

    /// The lines it names moved down by `offset` (a stretch read as if it began on line 1).
    mutating func moveLines(by offset: Int) {
        firstUnparsable?.line += offset
        firstOutOfRange?.line += offset
        firstMalformed?.line += offset
        grouping.moveLines(by: offset)
    }

    /// Adds the report of a later stretch of the same column: counts summed, first findings kept.
    mutating func absorb(_ later: CoercionReport) {
        missing.merge(later.missing, uniquingKeysWith: +)
        unparsable += later.unparsable
        grouped += later.grouped
        firstUnparsable = firstUnparsable ?? later.firstUnparsable
        firstOutOfRange = firstOutOfRange ?? later.firstOutOfRange
        firstMalformed = firstMalformed ?? later.firstMalformed
        grouping.absorb(later.grouping)
    }
}

extension CSVTable {
    /// A numeric column with every coercion counted: missing tokens ("", NULL, NA, nan) and text that
    /// is not a number both become nil (and are reported); the policy then applies.
    /// Values like "1,234" are read as 1234 when the column shows comma grouping, else they are an error.
    public func numericColumn(_ column: Int) throws -> (values: [Double?], report: CoercionReport) {
        var report = CoercionReport(column: header[column])
        let values = rows.indices.map { row -> Double? in
            let field = rows[row][column].trimmedSpaces
            if CSVTable.isMissing(field) {
                report.noteMissing(field.isEmpty ? "" : field.uppercased() == "NAN" ? "nan" : field.uppercased())
                return nil
            }
            let reading = NumberText.read(field.utf8)
            report.grouping.note(reading, bytes: field.utf8, line: lines[row])
            switch reading {
            case .number(let value):
                return value
            case .grouped(let value), .ambiguousGrouping(let value):
                report.noteGrouped()
                return value
            case .outOfRange:
                if report.firstOutOfRange == nil { report.firstOutOfRange = (lines[row], field) }
                return nil
            case .notANumber:
                if report.firstMalformed == nil, NumberText.looksNumeric(field.utf8) {
                    report.firstMalformed = (lines[row], field)
                }
                report.noteUnparsable(line: lines[row], text: field)
                return nil
            }
        }
        if let error = report.readingError(source: source) { throw error }
        return (values, report)
    }
}
