import Foundation
import G3Data
import G3Observational
import G3Stats
import G3Warehouse

/// A panel read from PostgreSQL for `analyze --source` (docs/sources.md), in one read-only transaction:
/// 1. `COPY` of the columns the reader needs per row: the keys (account, month, engagement date and
///    type), the outcomes, and the covariates the database cannot reduce as the reader would (text in
///    a number column, dates, any covariate with `--missing drop-row`), read as a CSV's rows;
/// 2. one `GROUP BY` query (`BaselineReduction`) for the other covariates: each account's baseline
///    sum and count of a number column and last label of a text column, so that they never leave the
///    database, checked against the rows (`PushedBaseline`);
/// 3. one row of totals: each reduced number column's NULLs and largest magnitude.
final class WarehousePanel {
    let label: String
    /// The query's columns, as the server describes them.
    let header: [String]
    private let kinds: [String: WarehouseColumn.Kind]
    private let query: WarehouseQuery
    private let connection: PostgresConnection
    /// false: every covariate is fetched per row and reduced by the reader (`--no-pushdown`).
    private let pushdown: Bool
    /// SHA-256 of what the last read received: the rows' CSV text, then the reduction's rows.
    private(set) var fingerprint = ""

    static let start = "START TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"

    init(options: SourceOptions, pushdown: Bool) throws {
        self.pushdown = pushdown
        query = try options.warehouseQuery()
        label = query.label(queryFile: options.query)
        connection = try PostgresConnection(options.source ?? "")
        let columns = try connection.columns(of: query.select)
        header = columns.map(\.name)
        kinds = Dictionary(columns.map { ($0.name, $0.kind) }) { first, _ in first }
    }

    /// Which columns are fetched per row and which are reduced in the database.
    struct Plan {
        /// The columns the reader reads from the fetched rows.
        let local: PanelColumns
        let fetched: [String]
        /// nil when nothing is reduced in the database.
        let reduction: BaselineReduction?
    }

    /// Number-typed covariates (not outcomes) and text-typed labels are reduced in the database, except
    /// with `--missing drop-row`, whose dropped rows only the reader knows, and with `--no-pushdown`.
    func plan(_ columns: PanelColumns, missing: MissingPolicy) -> Plan {
        let pushable = { (name: String, kind: WarehouseColumn.Kind) in
            self.pushdown && missing != .dropRow && self.kinds[name] == kind
        }
        let numbers = columns.numeric.filter { !columns.outcomes.contains($0) && pushable($0, .number) }
        let labels = columns.labels.filter { pushable($0, .text) }
        var local = columns
        local.numeric.removeAll { numbers.contains($0) }
        local.labels.removeAll { labels.contains($0) }
        let type = header.contains(columns.engagementType) ? [columns.engagementType] : []
        let fetched = uniqueInOrder(
            [columns.unit, columns.month, columns.engagement] + type + local.numeric + local.labels)
        guard !numbers.isEmpty || !labels.isEmpty else { return Plan(local: local, fetched: fetched, reduction: nil) }
        var reduction = BaselineReduction(
            account: columns.unit, month: columns.month, engagement: columns.engagement, numbers: numbers,
            labels: labels)
        reduction.zeroForMissing = missing == .zero
        reduction.datesAreTyped = kinds[columns.month] == .date && kinds[columns.engagement] == .date
        return Plan(local: local, fetched: fetched, reduction: reduction)
    }

    /// The statements a read runs, as `--explain` prints them.
    func statements(_ plan: Plan) -> String {
        var lines = [
            Self.start + ";", "-- every row's keys, outcomes and the columns read as a CSV's", copy(plan) + ";"
        ]
        if let reduction = plan.reduction {
            lines += [
                "-- each account's baseline of \((reduction.numbers + reduction.labels).joined(separator: ", ")), reduced in the database; $1: the never-engaged accounts' reference month (YYYY-MM), --baseline-end or else the first engagement inside the panel's months, from the rows above",
                reduction.statement(over: query.select, uniformEngagement: true) + ";",
                "-- instead, when an account's rows disagree on the engagement date or some lack it: its earliest first",
                reduction.statement(over: query.select, uniformEngagement: false) + ";"
            ]
            if !reduction.numbers.isEmpty {
                lines += [
                    "-- each number column's NULLs and largest magnitude",
                    reduction.totalsStatement(over: query.select) + ";"
                ]
            }
        }
        return (lines + ["COMMIT;"]).joined(separator: "\n") + "\n"
    }

    /// Reads the panel: the rows, then the reduction with the reference month the rows give.
    func read(_ columns: PanelColumns, missing: MissingPolicy, controlReference: Int?, quiet: Bool) throws
        -> PanelInput
    {
        try columns.check(header: header, source: label)
        let plan = plan(columns, missing: missing)
        try connection.execute(Self.start)
        let fetched = try connection.copyOut(copy(plan))
        let file = try TypedCSVReader.File(data: fetched, source: label)
        let meter = ReadMeter(label: label, bytes: file.byteCount, passes: 1, quiet: quiet)
        defer { meter.finish() }
        var input = try PanelInput(
            file: file, columns: plan.local, missing: missing, controlReference: controlReference, meter: meter)
        meter.finish()
        var received = fetched
        if let reduction = plan.reduction {
            let statement = reduction.statement(over: query.select, uniformEngagement: input.uniformEngagement)
            // What the rows say of each account's baseline is worked out while the database reduces.
            let (panel, reference) = (input.panel, input.controlReference)
            let (rows, expected) = try Parallel.pair(
                { try self.connection.rows(statement, parameters: [AccountPanel.label(reference)]) },
                { PushedBaseline.Expected(panel, controlReference: reference) })
            let totals =
                reduction.numbers.isEmpty
                ? nil : try connection.rows(reduction.totalsStatement(over: query.select), parameters: []).first
            let pushed = try PushedBaseline(
                rows: rows, totals: totals, reduction: reduction, input: input, expected: expected, source: label)
            input = input.adding(pushed, numeric: columns.numeric)
            received.append(Self.fingerprintBytes(rows, totals: totals ?? []))
        }
        try connection.execute("COMMIT")
        fingerprint = Fingerprint.sha256(received)
        return input
    }

    /// The reduction's rows as bytes for the fingerprint, in byte order of their accounts (a `GROUP BY`
    /// sends them in any order), then the totals: each value's UTF-8 followed by 0x1F (0x00 for NULL),
    /// each row by 0x1E.
    static func fingerprintBytes(_ rows: [[String?]], totals: [String?]) -> Data {
        let order = ByteOrder.sortedIndices(rows.map { ($0.first ?? nil) ?? "" })
        var bytes: [UInt8] = []
        for row in order.map({ rows[$0] }) + [totals] {
            for value in row {
                if let value { bytes.append(contentsOf: value.utf8) }
                bytes.append(value == nil ? 0x00 : 0x1F)
            }
            bytes.append(0x1E)
        }
        return Data(bytes)
    }

    private func copy(_ plan: Plan) -> String { query.copyStatement(columns: plan.fetched) }
}
