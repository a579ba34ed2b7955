import Foundation

/// The per-account baseline of a customer-month panel, reduced inside the database (`analyze --source`)
/// by generated queries in standard SQL (CAST, SUBSTRING … FROM … FOR, TRIM, window aggregates), so
/// that warehouses speaking the PostgreSQL protocol run them too.
///
/// `statement` keeps each account's rows whose month precedes its reference month — its earliest
/// engagement month, or for never-engaged accounts `$1` (YYYY-MM) — and returns per account:
/// - their count and first and last month, which the reader checks against the rows it read (so that
///   dates the SQL reads differently are refused, not reduced over other months);
/// - a number column's sum and count, as `CAST(x AS DOUBLE PRECISION)` summed in month order (a window
///   ordered by month), so that sum / count is the very double the CSV path computes; missing values
///   are skipped, or read as 0 with `zeroForMissing`;
/// - a text column's last label in month order (trimmed of spaces) that is not a missing token ("",
///   NA, nan, NULL), as `MAX(month || label)`: the months are 7 characters, so the label follows them.
///
/// Months are compared as the first 7 characters of their text (YYYY-MM of an ISO date, a timestamp
/// or a YYYY-MM text). `totalsStatement` returns each number column's NULLs over all rows (for its
/// coercion report) and its largest magnitude (for the ±1e150 check).
public struct BaselineReduction: Sendable, Equatable {
    public var account: String
    public var month: String
    public var engagement: String
    public var numbers: [String]
    public var labels: [String]
    public var zeroForMissing = false
    /// The month and engagement columns are dates or timestamps (`WarehouseColumn.Kind.date`): their
    /// text needs no trimming and holds no missing-value token.
    public var datesAreTyped = false

    public init(account: String, month: String, engagement: String, numbers: [String], labels: [String]) {
        self.account = account
        self.month = month
        self.engagement = engagement
        self.numbers = numbers
        self.labels = labels
    }

    /// The result's columns: account, baseline rows, first month, last month, then per number
    /// `numberColumns` (sum, count), then per label its month-prefixed last label.
    public static let keyColumns = 4
    public static let numberColumns = 2

    /// The per-account baselines over the source's rows (`source`: a SELECT), `$1` the control
    /// reference. `uniformEngagement`: every account's rows carry its engagement date, or none does, so
    /// that each row's own date decides; otherwise each account's earliest is taken by a window first.
    public func statement(over source: String, uniformEngagement: Bool) -> String {
        let engaged = uniformEngagement ? "g3_engagement" : "g3_engaged"
        let baseline =
            uniformEngagement
            ? "SELECT g3_cells.* FROM (\(cells(source))) AS g3_cells"
            : """
            SELECT g3_engagements.* FROM (
                  SELECT g3_cells.*, MIN(g3_engagement) OVER g3_months AS g3_engaged
                  FROM (\(cells(source))) AS g3_cells
                  \(Self.window)
                ) AS g3_engagements
            """
        return """
            SELECT \(aggregates.joined(separator: ",\n  "))
            FROM (
              SELECT \((["g3_baseline.*"] + sums).joined(separator: ",\n    "))
              FROM (
                \(baseline)
                WHERE g3_month < COALESCE(\(engaged), $1)
              ) AS g3_baseline
              \(sums.isEmpty ? "" : Self.window)
            ) AS g3_rows
            GROUP BY g3_account
            """
    }

    /// One row: per number column its NULLs over all rows and its largest magnitude.
    public func totalsStatement(over source: String) -> String {
        let columns = totals { "CAST(\(Self.quoted(numbers[$0])) AS DOUBLE PRECISION)" }
        return "SELECT \(columns.joined(separator: ", ")) FROM \(WarehouseQuery.subquery(source)) AS g3_source"
    }

    /// Per number column i its NULLs and largest magnitude, of `value(i)`.
    func totals(_ value: (Int) -> String) -> [String] {
        numbers.indices.flatMap { i in
            ["COUNT(*) - COUNT(\(value(i))) AS g3_nulls\(i)", "MAX(ABS(\(value(i)))) AS g3_largest\(i)"]
        }
    }

    /// Per engagement date (NULL for none) the first and last month or date of its rows, then
    /// `totalsStatement`'s columns over them: one pass from which `firstEngagementInside` guesses `$1`
    /// before the rows are read, and `totals(ofGroups:)` gives the totals. Typed dates are compared as
    /// dates, not turned into text row by row.
    public func engagementGroupsStatement(over source: String) -> String {
        guard datesAreTyped else {
            let columns = ["g3_engagement", "MIN(g3_month)", "MAX(g3_month)"] + totals { "g3_n\($0)" }
            return
                "SELECT \(columns.joined(separator: ", ")) FROM (\(cells(source))) AS g3_cells GROUP BY g3_engagement"
        }
        let (engagement, month) = (Self.quoted(engagement), Self.quoted(month))
        let columns =
            [engagement, "MIN(\(month))", "MAX(\(month))"]
            + totals { "CAST(\(Self.quoted(numbers[$0])) AS DOUBLE PRECISION)" }
        return
            "SELECT \(columns.joined(separator: ", ")) FROM \(WarehouseQuery.subquery(source)) AS g3_source GROUP BY \(engagement)"
    }

    /// The earliest engagement month strictly between the rows' first and last month, from
    /// `engagementGroupsStatement`'s rows (each of the first three cells' first 7 characters, YYYY-MM of
    /// an ISO date, compared as text): the never-engaged accounts' reference month when every account's
    /// rows agree on its engagement date. nil when no engagement lies inside.
    public static func firstEngagementInside(_ rows: [[String?]]) -> String? {
        let cells = rows.filter { $0.count >= 3 }.map { row in row.prefix(3).map { $0.map { String($0.prefix(7)) } } }
        guard let first = cells.compactMap({ $0[1] }).min(), let last = cells.compactMap({ $0[2] }).max() else {
            return nil
        }
        return cells.compactMap { $0[0] }.filter { $0 > first && $0 < last }.min()
    }

    /// `totalsStatement`'s row, as the server would send it, from `engagementGroupsStatement`'s rows: each
    /// column's NULLs summed over the groups, and the text of its largest magnitude (NaN above every
    /// number, as PostgreSQL orders them; NULL when every group's is); nil without number columns or
    /// for rows of another width.
    public func totals(ofGroups rows: [[String?]]) -> [String?]? {
        guard !numbers.isEmpty, rows.allSatisfy({ $0.count == 3 + 2 * numbers.count }) else { return nil }
        var row: [String?] = []
        for i in numbers.indices {
            var nulls = 0
            for group in rows {
                guard let count = group[3 + 2 * i].flatMap({ Int($0) }) else { return nil }
                nulls += count
            }
            let largest = rows.compactMap { $0[4 + 2 * i] }.max { Self.order($0) < Self.order($1) }
            row += [String(nulls), largest]
        }
        return row
    }

    /// A largest magnitude's text in the server's order: NaN above every number (text that is no
    /// number, which the server does not send, below them).
    static func order(_ text: String) -> (Int, Double) {
        guard let value = Double(text) else { return (0, 0) }
        return value.isNaN ? (2, 0) : (1, value)
    }

    /// Each account's rows in month order, the whole account in every row's frame.
    static let window =
        "WINDOW g3_months AS (PARTITION BY g3_account ORDER BY g3_month ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)"

    var aggregates: [String] {
        ["g3_account", "COUNT(*) AS g3_rows", "MIN(g3_month) AS g3_first_month", "MAX(g3_month) AS g3_last_month"]
            + numbers.indices.flatMap { i in ["MAX(g3_sum\(i)) AS g3_sum\(i)", "MAX(g3_count\(i)) AS g3_count\(i)"] }
            + labels.indices.map { j in
                "MAX(CASE WHEN \(Self.present("g3_l\(j)")) THEN g3_month || g3_l\(j) END) AS g3_label\(j)"
            }
    }

    /// The month-ordered sums and counts of the baseline rows.
    var sums: [String] {
        numbers.indices.flatMap { i in
            [
                "SUM(\(zeroForMissing ? "COALESCE(g3_n\(i), 0)" : "g3_n\(i)")) OVER g3_months AS g3_sum\(i)",
                "COUNT(\(zeroForMissing ? "*" : "g3_n\(i)")) OVER g3_months AS g3_count\(i)"
            ]
        }
    }

    /// Each row's cells: the account and month as text, the engagement month (NULL when missing), the
    /// numbers as doubles and the labels as trimmed text.
    func cells(_ source: String) -> String {
        let engagementText = datesAreTyped ? "CAST(\(Self.quoted(engagement)) AS VARCHAR)" : Self.text(engagement)
        let monthText = datesAreTyped ? "CAST(\(Self.quoted(month)) AS VARCHAR)" : Self.text(month)
        let engagementMonth = "SUBSTRING(\(engagementText) FROM 1 FOR 7)"
        let cells =
            [
                "\(Self.text(account)) AS g3_account", "SUBSTRING(\(monthText) FROM 1 FOR 7) AS g3_month",
                datesAreTyped
                    ? "\(engagementMonth) AS g3_engagement"
                    : "CASE WHEN \(Self.present(engagementText)) THEN \(engagementMonth) END AS g3_engagement"
            ]
            + numbers.enumerated().map { "CAST(\(Self.quoted($1)) AS DOUBLE PRECISION) AS g3_n\($0)" }
            + labels.enumerated().map { "\(Self.text($1)) AS g3_l\($0)" }
        return "SELECT \(cells.joined(separator: ", ")) FROM \(WarehouseQuery.subquery(source)) AS g3_source"
    }

    /// A column as trimmed text.
    static func text(_ column: String) -> String { "TRIM(CAST(\(quoted(column)) AS VARCHAR))" }

    /// True when the trimmed text is neither NULL nor a missing token (as the CSV readers read them).
    static func present(_ text: String) -> String { "UPPER(\(text)) NOT IN ('', 'NA', 'NAN', 'NULL')" }

    static func quoted(_ name: String) -> String { WarehouseQuery.quotedIdentifier(name) }
}
