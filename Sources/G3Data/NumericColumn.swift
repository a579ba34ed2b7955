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
    public var total: Int { missing.values.reduce(0, +) + unparsable }

    public init(column: String) { self.column = column }

    public static func == (a: CoercionReport, b: CoercionReport) -> Bool {
        a.column == b.column && a.missing == b.missing && a.unparsable == b.unparsable
    }

    /// One line for people: "ttl_sls_rev: 12 empty, 3 NULL, 2 not a number (first: line 17 'n/a')".
    public var summary: String {
        var parts = missing.keys.sorted().map { "\(missing[$0]!) \($0.isEmpty ? "empty" : $0)" }
        if unparsable > 0, let first = firstUnparsable {
            parts.append("\(unparsable) not a number (first: line \(first.line) '\(first.text)')")
        }
        return "\(column): " + parts.joined(separator: ", ")
    }

    mutating func noteMissing(_ token: String) { missing[token, default: 0] += 1 }
    mutating func noteUnparsable(line: Int, text: String) {
        unparsable += 1
        if firstUnparsable == nil { firstUnparsable = (line, text) }
    }
}

extension CSVTable {
    /// A numeric column with every coercion counted: missing tokens ("", NULL, NA, nan) and text that
    /// is not a number both become nil (and are reported); the policy then applies.
    public func numericColumn(_ column: Int) -> (values: [Double?], report: CoercionReport) {
        var report = CoercionReport(column: header[column])
        let values = rows.indices.map { row -> Double? in
            let field = rows[row][column].trimmedSpaces
            if CSVTable.isMissing(field) { report.noteMissing(field.isEmpty ? "" : field.uppercased() == "NAN" ? "nan" : field.uppercased()); return nil }
            guard let value = Double(field), value.isFinite else { report.noteUnparsable(line: lines[row], text: field); return nil }
            return value
        }
        return (values, report)
    }
}
