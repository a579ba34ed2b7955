import Foundation
import G3Data
import G3Warehouse
import PropertyBased
import Testing

@testable import g3_design

/// Issue 17, item 3: the rows a database sends for `BaselineReduction` are checked against the rows
/// the reader read, and whatever they hold gives baselines or one `DataError`, never a trap.
@Suite struct PushedBaselineTests {
    /// Three accounts, months 2025-01…2025-04; b engaged in 2025-03, a and c never.
    static let csv = """
        id,month,engaged,revenue,segment
        a,2025-01-01,,1,X
        a,2025-02-01,,2,Y
        a,2025-03-01,,3,Z
        b,2025-01-01,2025-03-15,4,X
        b,2025-02-01,2025-03-15,5,
        b,2025-03-01,2025-03-15,6,Z
        b,2025-04-01,2025-03-15,7,Z
        c,2025-02-01,,8,X
        c,2025-04-01,,9,X

        """
    static let reduction = BaselineReduction(
        account: "id", month: "month", engagement: "engaged", numbers: ["score"], labels: ["segment"])

    func input() throws -> PanelInput {
        let columns = PanelColumns(
            unit: "id", month: "month", engagement: "engaged", engagementType: "type", numeric: ["revenue"],
            labels: [], outcomes: ["revenue"])
        let file = try TypedCSVReader.File(data: Data(Self.csv.utf8), source: "t")
        return try PanelInput(file: file, columns: columns, missing: .missing, controlReference: nil)
    }

    /// What the query sends for the panel above (the control reference is 2025-03).
    static let rows: [[String?]] = [
        ["a", "3", "2025-01", "2025-03", nil, "3.5", "2", "1", "2.5", "2025-02Y"],
        ["b", "4", "2025-01", "2025-04", "2025-03", "0.1", "1", "0", "7", "2025-01X"],
        ["c", "2", "2025-02", "2025-04", nil, nil, "0", "2", nil, "2025-02X"],
        ["excluded", "1", "2025-01", "2025-01", "2024-01", "1", "1", "3", "1", nil]
    ]

    @Test func theRowsBecomeBaselinesAndReports() throws {
        let pushed = try PushedBaseline(rows: Self.rows, reduction: Self.reduction, input: try input(), source: "t")
        #expect(pushed.means["score"].map(Array.init) == [1.75, 0.1, nil])
        #expect(pushed.lastLabels["segment"].map(Array.init) == ["Y", "X", "X"])
        #expect(pushed.reports == [CoercionReport(column: "score", nulls: 6)])
    }

    @Test func disagreementsAreOneError() throws {
        let input = try input()
        let edits: [(row: Int, cell: Int, value: String, fragment: String)] = [
            (1, 4, "2025-02", "differently from its rows"), (0, 2, "2025/01", "--no-pushdown"),
            (0, 5, "NaN", "NaN or an infinite value"),
            (3, 8, "1" + String(repeating: "0", count: 200), "beyond ±1e150"),
            (0, 6, "two", "'two' for a count"), (0, 9, "2025-02\tNA", "missing value 'NA'")
        ]
        let cases: [([[String?]], String)] =
            [
                (Self.rows.map { Array($0.dropLast()) }, "sent 9 columns, expected 10"),
                (Self.rows + [Self.rows[0]], "account 'a' twice"),
                (Array(Self.rows.dropFirst()), "no row for account 'a'")
            ]
            + edits.map { edit in
                var rows = Self.rows
                rows[edit.row][edit.cell] = edit.value
                return (rows, edit.fragment)
            }
        for (rows, fragment) in cases {
            let error = #expect(throws: DataError.self, "\(fragment)") {
                try PushedBaseline(rows: rows, reduction: Self.reduction, input: input, source: "t")
            }
            let message = error.map { "\($0)" } ?? ""
            #expect(message.contains(fragment) && !message.contains("\n"), "\(message)")
        }
    }

    /// Hostile cells in every position: baselines or a DataError, and finite means.
    @Test func hostileCellsNeverTrap() throws {
        let input = try input()
        let cells: [String?] = [
            nil, "", "a", "b", "c", "3", "-1", "0", "2025-01", "2025-03", "2025-04", "NaN", "inf", "1e400", "x",
            "2025-02X", "9223372036854775808", "-0", " 1"
        ]
        let rows = Gen.int(in: 0...(cells.count - 1)).array(of: 0...11).map { $0.map { cells[$0] } }.array(of: 0...6)
        var rng = Xoshiro(seed: (17, 3, 20261130, 1))
        var built = 0
        for _ in 0..<5_000 {
            let sent = rows.run(using: &rng) + Self.rows
            do {
                let pushed = try PushedBaseline(rows: sent, reduction: Self.reduction, input: input, source: "t")
                built += 1
                #expect(pushed.means["score"]?.allSatisfy { $0?.isFinite ?? true } == true)
            } catch is DataError {}
        }
        #expect(built > 0)
    }
}
