import Foundation

/// The per-account baseline of a customer-month panel, reduced inside the database (`analyze --source`)
/// as one `GROUP BY` query in standard SQL (CAST, SUBSTRING … FROM … FOR, TRIM, window aggregates), so
/// that warehouses speaking the PostgreSQL protocol run it too.
///
/// For each account (its id trimmed of spaces), over its rows whose month precedes its reference month
/// — its earliest engagement month, or for never-engaged accounts `$1` (YYYY-MM):
/// - a number column's sum and count, as `CAST(x AS DOUBLE PRECISION)` summed in month order (a window
///   ordered by month), so that sum / count is the very double the CSV path computes; missing values
///   are skipped, or read as 0 with `zeroForMissing`;
/// - a text column's last label in month order (trimmed of spaces) that is not a missing token ("",
///   NA, nan, NULL), as `MAX(month || label)`: the months are 7 characters, so the label follows them.
///
/// Months are compared as the first 7 characters of their text (YYYY-MM of an ISO date, a timestamp
/// or a YYYY-MM text). Each account's row count, first and last month and engagement month come back
/// too, so that the reader can check them against the rows it read (and refuse dates in another form).
/// Each number column also returns its NULL count over all rows (for the coercion report) and its
/// largest magnitude (for the ±1e150 check).
public struct BaselineReduction: Sendable, Equatable {
    public var account: String
    public var month: String
    public var engagement: String
    public var numbers: [String]
    public var labels: [String]
    public var zeroForMissing = false

    public init(account: String, month: String, engagement: String, numbers: [String], labels: [String]) {
        self.account = account
        self.month = month
        self.engagement = engagement
        self.numbers = numbers
        self.labels = labels
    }

    /// The result's columns: account, rows, first month, last month, engagement month, then per number
    /// `numberColumns` (sum, count, NULLs, largest magnitude), then per label its month-prefixed last label.
    public static let keyColumns = 5
    public static let numberColumns = 4

    /// Each account's rows in month order, the whole account in every row's frame.
    static let window =
        "WINDOW g3_months AS (PARTITION BY g3_account ORDER BY g3_month ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)"

    /// The SELECT over the source's rows (`source`: a SELECT), with `$1` the control reference.
    public func statement(over source: String) -> String {
        let numberIndices = numbers.indices
        let aggregates =
            [
                "g3_account", "COUNT(*) AS g3_rows", "MIN(g3_month) AS g3_first_month",
                "MAX(g3_month) AS g3_last_month", "MIN(g3_engaged) AS g3_engagement_month"
            ]
            + numberIndices.flatMap { i in
                [
                    "MAX(g3_sum\(i)) AS g3_sum\(i)", "MAX(g3_count\(i)) AS g3_count\(i)",
                    "COUNT(*) - COUNT(g3_n\(i)) AS g3_nulls\(i)", "MAX(ABS(g3_n\(i))) AS g3_largest\(i)"
                ]
            }
            + labels.indices.map { j in
                "MAX(CASE WHEN g3_before = 1 AND \(Self.present("g3_l\(j)")) THEN g3_month || g3_l\(j) END) AS g3_label\(j)"
            }
        let value = { (i: Int) in zeroForMissing ? "COALESCE(g3_n\(i), 0)" : "g3_n\(i)" }
        let counted = { (i: Int) in zeroForMissing ? "1" : "g3_n\(i)" }
        let sums = numberIndices.flatMap { i in
            [
                "SUM(CASE WHEN g3_before = 1 THEN \(value(i)) END) OVER g3_months AS g3_sum\(i)",
                "COUNT(CASE WHEN g3_before = 1 THEN \(counted(i)) END) OVER g3_months AS g3_count\(i)"
            ]
        }
        return """
            SELECT \(aggregates.joined(separator: ",\n  "))
            FROM (
              SELECT g3_flagged.*,
                \((sums.isEmpty ? ["0 AS g3_none"] : sums).joined(separator: ",\n    "))
              FROM (
                SELECT g3_engagements.*, CASE WHEN g3_month < COALESCE(g3_engaged, $1) THEN 1 ELSE 0 END AS g3_before
                FROM (
                  SELECT g3_cells.*, MIN(g3_engagement) OVER g3_months AS g3_engaged
                  FROM (
                    SELECT \(cells.joined(separator: ",\n          "))
                    FROM (\(source)) AS g3_source
                  ) AS g3_cells
                  \(Self.window)
                ) AS g3_engagements
              ) AS g3_flagged
              \(Self.window)
            ) AS g3_rows
            GROUP BY g3_account
            """
    }

    /// Each row's cells: the account and month as text, the engagement month (NULL when missing), the
    /// numbers as doubles and the labels as trimmed text.
    var cells: [String] {
        let engagementText = Self.text(engagement)
        return [
            "\(Self.text(account)) AS g3_account",
            "SUBSTRING(\(Self.text(month)) FROM 1 FOR 7) AS g3_month",
            "CASE WHEN \(Self.present(engagementText)) THEN SUBSTRING(\(engagementText) FROM 1 FOR 7) END AS g3_engagement"
        ]
            + numbers.enumerated().map { "CAST(\(Self.quoted($1)) AS DOUBLE PRECISION) AS g3_n\($0)" }
            + labels.enumerated().map { "\(Self.text($1)) AS g3_l\($0)" }
    }

    /// A column as trimmed text.
    static func text(_ column: String) -> String { "TRIM(CAST(\(quoted(column)) AS VARCHAR))" }

    /// True when the trimmed text is neither NULL nor a missing token (as the CSV readers read them).
    static func present(_ text: String) -> String { "UPPER(\(text)) NOT IN ('', 'NA', 'NAN', 'NULL')" }

    static func quoted(_ name: String) -> String { WarehouseQuery.quotedIdentifier(name) }
}
