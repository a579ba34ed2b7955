import Foundation
import G3Observational
import G3Stats
import G3Warehouse

/// What the baseline reduction (`BaselineReduction`) sent: its rows (read, `PushedBaseline.read`), its
/// totals (nil without number columns), the `$1` it ran with, and the bytes the fingerprint takes of
/// them (empty when no fingerprint is taken).
///
/// `beside` runs it on a second connection while the first fetches and reads the rows
/// (`WarehousePanel`), both reading one snapshot (`PostgresConnection.exportSnapshot`). Its `$1`, which
/// the rows give, is guessed beforehand from one pass over the engagement dates, which also gives the
/// totals (`BaselineReduction.engagementGroupsStatement`): `--baseline-end`, or else the earliest
/// engagement month inside the rows' months (`BaselineReduction.firstEngagementInside`); its statement
/// assumes that every account's rows agree on the engagement date. Its result counts only when the
/// rows read then say the same (`fits`); otherwise, or when anything there fails, the reduction runs
/// again after the rows on the first connection, which reports any error.
struct ReductionResult: Sendable {
    let reference: String
    let sent: [Result<PushedBaseline.Sent, any Error>]
    let totals: [String?]?
    let fingerprint: Data

    init(
        reference: String, rows: [[String?]], totals: [String?]?, reduction: BaselineReduction, source: String,
        fingerprinting: Bool
    ) {
        self.reference = reference
        sent = PushedBaseline.read(rows, reduction: reduction, source: source)
        self.totals = totals
        fingerprint = fingerprinting ? Self.fingerprintBytes(rows, totals: totals ?? []) : Data()
    }

    /// The reduction's statements on `connection`, in its open transaction; `uniformEngagement` picks
    /// the statement (`BaselineReduction.statement`). `source` names the table in messages.
    init(
        _ connection: PostgresConnection, select: String, reduction: BaselineReduction, reference: String,
        uniformEngagement: Bool, source: String, fingerprinting: Bool
    ) throws {
        let statement = reduction.statement(over: select, uniformEngagement: uniformEngagement)
        let rows = try connection.rows(statement, parameters: [reference])
        let totals =
            reduction.numbers.isEmpty
            ? nil : try connection.rows(reduction.totalsStatement(over: select), parameters: []).first
        self.init(
            reference: reference, rows: rows, totals: totals, reduction: reduction, source: source,
            fingerprinting: fingerprinting)
    }

    /// Runs on its own connection to `conninfo` in `snapshot`; nil when no engagement lies inside the months.
    static func beside(
        conninfo: String, snapshot: String, select: String, reduction: BaselineReduction, controlReference: Int?,
        source: String, fingerprinting: Bool
    ) throws -> ReductionResult? {
        let connection = try PostgresConnection(conninfo)
        try connection.execute(WarehousePanel.start)
        try connection.importSnapshot(snapshot)
        let groups = try connection.rows(reduction.engagementGroupsStatement(over: select), parameters: [])
        guard
            let reference = controlReference.map(AccountPanel.label)
                ?? BaselineReduction.firstEngagementInside(groups)
        else { return nil }
        let statement = reduction.statement(over: select, uniformEngagement: true)
        let rows = try connection.rows(statement, parameters: [reference])
        let totals = reduction.totals(ofGroups: groups)
        guard reduction.numbers.isEmpty || totals != nil else { return nil }
        let result = ReductionResult(
            reference: reference, rows: rows, totals: totals, reduction: reduction, source: source,
            fingerprinting: fingerprinting)
        try connection.execute("COMMIT")
        return result
    }

    /// Whether the rows read confirm `beside`'s guess: the same reference month, every account's rows
    /// agreeing on the engagement date.
    func fits(_ input: PanelInput) -> Bool {
        input.uniformEngagement && reference == AccountPanel.label(input.controlReference)
    }

    /// The reduction's rows as bytes for the fingerprint, in byte order of their accounts (a `GROUP BY`
    /// sends them in any order), then the totals: each value's UTF-8 followed by 0x1F (0x00 for NULL),
    /// each row by 0x1E.
    private static func fingerprintBytes(_ rows: [[String?]], totals: [String?]) -> Data {
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
}
