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
/// 2 and 3 run on a second connection in the same snapshot while 1 is fetched and read
/// (`ReductionResult.beside`), or after it on this one.
final class WarehousePanel {
    let label: String
    /// The query's columns, as the server describes them.
    let header: [String]
    private let kinds: [String: WarehouseColumn.Kind]
    private let query: WarehouseQuery
    private let connection: PostgresConnection
    /// The connection string, for the second connection of `ReductionResult.beside`.
    private let conninfo: String
    /// false: every covariate is fetched per row and reduced by the reader (`--no-pushdown`).
    private let pushdown: Bool
    /// Whether a read takes the fingerprint (for the registry): hashing what it received costs 0.03 s at
    /// seed scale.
    private let fingerprinting: Bool
    /// SHA-256 of what the last read received: the rows' CSV text, then the reduction's rows; nil
    /// without `fingerprinting`.
    private(set) var fingerprint: String?

    static let start = "START TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"

    init(options: SourceOptions, pushdown: Bool, fingerprinting: Bool = false) throws {
        self.pushdown = pushdown
        self.fingerprinting = fingerprinting
        query = try options.warehouseQuery()
        label = query.label(queryFile: options.query)
        conninfo = options.source ?? ""
        connection = try PostgresConnection(conninfo)
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
        var lines = [PostgresConnection.explainedSettings, Self.start + ";"]
        if plan.reduction != nil {
            lines += [
                "-- the snapshot a second connection reads, to reduce the baselines while this one fetches the rows (where the server exports none, the reduction follows the rows here)",
                "SELECT pg_export_snapshot();"
            ]
        }
        lines += ["-- every row's keys, outcomes and the columns read as a CSV's", copy(plan) + ";"]
        if let reduction = plan.reduction {
            lines += [
                "-- on the second connection: \(Self.start); SET TRANSACTION SNAPSHOT '…';",
                "-- the first and last month of each engagement date's rows, to guess $1 below (the earliest engagement inside the months; --baseline-end instead when given), and the totals (each number column's NULLs and largest magnitude) over them",
                reduction.engagementGroupsStatement(over: query.select) + ";",
                "-- each account's baseline of \((reduction.numbers + reduction.labels).joined(separator: ", ")), reduced in the database; $1: the never-engaged accounts' reference month (YYYY-MM); run again on the first connection after the rows when they give another $1 or need the statement after this one",
                reduction.statement(over: query.select, uniformEngagement: true) + ";",
                "-- instead, when an account's rows disagree on the engagement date or some lack it: its earliest first",
                reduction.statement(over: query.select, uniformEngagement: false) + ";"
            ]
            if !reduction.numbers.isEmpty {
                lines += [
                    "-- each number column's NULLs and largest magnitude, on the first connection when the reduction runs there",
                    reduction.totalsStatement(over: query.select) + ";"
                ]
            }
        }
        return (lines + ["COMMIT;"]).joined(separator: "\n") + "\n"
    }

    /// Reads the panel: the rows, and the reduction beside them on a second connection
    /// (`ReductionResult.beside`) or after them with the reference month the rows give.
    func read(_ columns: PanelColumns, missing: MissingPolicy, controlReference: Int?, quiet: Bool) throws
        -> PanelInput
    {
        try columns.check(header: header, source: label)
        let plan = plan(columns, missing: missing)
        try connection.execute(Self.start)
        let snapshot =
            plan.reduction == nil || Parallel.threads < 2 ? nil : try connection.exportSnapshot(restart: Self.start)
        let beside = {
            @Sendable [conninfo, select = query.select, reduction = plan.reduction, label, fingerprinting] ()
                -> ReductionResult? in
            guard let snapshot, let reduction else { return nil }
            return try? ReductionResult.beside(
                conninfo: conninfo, snapshot: snapshot, select: select, reduction: reduction,
                controlReference: controlReference, source: label, fingerprinting: fingerprinting)
        }
        let ((fetched, read), early) = try Parallel.pair(
            { try self.fetch(plan, missing: missing, controlReference: controlReference, quiet: quiet) }, beside)
        var input = read.input
        var reducedBytes = Data()
        if let reduction = plan.reduction, let expected = read.expected {
            let reduced =
                try early.flatMap { $0.fits(input) ? $0 : nil }
                ?? ReductionResult(
                    connection, select: query.select, reduction: reduction,
                    reference: AccountPanel.label(input.controlReference), uniformEngagement: input.uniformEngagement,
                    source: label, fingerprinting: fingerprinting)
            let pushed = try PushedBaseline(
                sent: reduced.sent, totals: reduced.totals, reduction: reduction, input: input, expected: expected,
                source: label)
            input = input.adding(pushed, numeric: columns.numeric)
            reducedBytes = reduced.fingerprint
        }
        try connection.execute("COMMIT")
        fingerprint = fingerprinting ? Fingerprint.sha256(fetched + reducedBytes) : nil
        return input
    }

    /// The rows fetched and read, and with a reduction what they say of each account's baseline.
    private func fetch(_ plan: Plan, missing: MissingPolicy, controlReference: Int?, quiet: Bool) throws -> (
        Data, (input: PanelInput, expected: PushedBaseline.Expected?)
    ) {
        let fetched = try connection.copyOut(copy(plan))
        let file = try TypedCSVReader.File(data: fetched, source: label)
        let meter = ReadMeter(label: label, bytes: file.byteCount, passes: 1, quiet: quiet)
        defer { meter.finish() }
        let input = try RowNaming(label: label, rows: fetched, keys: [plan.local.unit, plan.local.month]).naming {
            try PanelInput(
                file: file, columns: plan.local, missing: missing, controlReference: controlReference, meter: meter)
        }
        meter.finish()
        let expected = plan.reduction.map { _ in
            PushedBaseline.Expected(input.panel, controlReference: input.controlReference)
        }
        return (fetched, (input, expected))
    }

    private func copy(_ plan: Plan) -> String { query.copyStatement(columns: plan.fetched) }
}
