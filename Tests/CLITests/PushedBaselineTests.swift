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

    /// What the queries send for the panel above (the control reference is 2025-03): each account's
    /// baseline rows, and each number column's NULLs and largest magnitude.
    static let rows: [[String?]] = [
        ["a", "2", "2025-01", "2025-02", "3.5", "2", "2025-02Y"],
        ["b", "2", "2025-01", "2025-02", "0.1", "1", "2025-01X"],
        ["c", "1", "2025-02", "2025-02", nil, "0", "2025-02X"],
        ["excluded", "1", "2025-01", "2025-01", "1", "1", nil]
    ]
    static let totals: [String?] = ["6", "2.5"]

    func pushed(_ rows: [[String?]], totals: [String?] = totals, input: PanelInput) throws -> PushedBaseline {
        try PushedBaseline(
            rows: rows, totals: totals, reduction: Self.reduction, input: input,
            expected: PushedBaseline.Expected(input.panel, controlReference: input.controlReference), source: "t")
    }

    @Test func theRowsBecomeBaselinesAndReports() throws {
        let pushed = try pushed(Self.rows, input: try input())
        #expect(pushed.means["score"].map(Array.init) == [1.75, 0.1, nil])
        #expect(pushed.lastLabels["segment"].map(Array.init) == ["Y", "X", "X"])
        #expect(pushed.reports == [CoercionReport(column: "score", nulls: 6)])
    }

    /// The label follows the 7-byte month; one that begins with a combining mark keeps it, as the
    /// CSV path reads it.
    @Test func aLabelKeepsItsLeadingCombiningMark() throws {
        var rows = Self.rows
        rows[0][6] = "2025-02\u{0301}Y "
        let pushed = try pushed(rows, input: try input())
        #expect(pushed.lastLabels["segment"].map(Array.init) == ["\u{0301}Y", "X", "X"])
    }

    /// The reference month guessed before the rows are read (`ReductionResult.beside`): the earliest
    /// engagement month strictly inside the rows' months, from the engagement months' rows; the guess
    /// counts only when the rows read give the same reference month.
    @Test func theGuessedReferenceMonth() throws {
        let guess = BaselineReduction.firstEngagementInside
        // The panel above: b engaged in 2025-03; a and c never (NULL); months 2025-01…2025-04.
        let sent: [[String?]] = [["2025-03", "2025-01", "2025-04"], [nil, "2025-01", "2025-04"]]
        #expect(guess(sent) == "2025-03")
        let early = { (reference: String) in
            ReductionResult(
                reference: reference, rows: [], totals: nil, reduction: Self.reduction, source: "t",
                fingerprinting: false)
        }
        #expect(early("2025-03").fits(try input()))
        #expect(!early("2025-02").fits(try input()))
        // Engagements in the first or last month, or outside, are not inside.
        #expect(guess([["2025-01", "2025-01", "2025-02"], ["2025-04", "2025-03", "2025-04"]]) == nil)
        #expect(guess([["2024-12", "2025-01", "2025-06"], ["2025-05", "2025-02", "2025-06"]]) == "2025-05")
        // NULL months and rows of another width are left out; nothing sent, nothing guessed.
        #expect(guess([["2025-05", nil, nil], ["2025-03", "2025-01", "2025-04"], ["2025-02"]]) == "2025-03")
        #expect(guess([]) == nil)
        // Typed dates come as dates: their months decide (2025-01-20 is in the first month).
        #expect(
            guess([["2025-01-20", "2025-01-01", "2025-04-01"], ["2025-03-15", "2025-01-01", "2025-03-01"]]) == "2025-03"
        )
        #expect(guess([[nil, nil, nil]]) == nil)
    }

    /// The totals row from the engagement groups' rows, as the totals statement would send it: the
    /// NULLs summed, the largest magnitude's text (NaN above +∞, as PostgreSQL orders them).
    @Test func theTotalsFromTheEngagementGroups() {
        let reduction = Self.reduction
        let group = { (nulls: String?, largest: String?) -> [String?] in
            ["2025-03", "2025-01", "2025-04", nulls, largest]
        }
        #expect(reduction.totals(ofGroups: [group("2", "7.5"), group("1", "12")]) == ["3", "12"])
        #expect(reduction.totals(ofGroups: [group("0", "1e+300"), group("0", "Infinity")]) == ["0", "Infinity"])
        #expect(reduction.totals(ofGroups: [group("0", "NaN"), group("0", "Infinity")]) == ["0", "NaN"])
        #expect(reduction.totals(ofGroups: [group("4", nil), group("1", nil)]) == ["5", nil])
        #expect(reduction.totals(ofGroups: []) == ["0", nil])
        // A row of another width, or a count that is no integer: no totals (the statement is run instead).
        #expect(reduction.totals(ofGroups: [["2025-03", "2025-01", "2025-04", "1"]]) == nil)
        #expect(reduction.totals(ofGroups: [group("x", "1")]) == nil)
        var labelsOnly = reduction
        labelsOnly.numbers = []
        #expect(labelsOnly.totals(ofGroups: [["2025-03", "2025-01", "2025-04"]]) == nil)
    }

    @Test func disagreementsAreOneError() throws {
        let input = try input()
        let edits: [(row: Int, cell: Int, value: String, fragment: String)] = [
            (1, 2, "2025-02", "differently from its rows"), (0, 3, "2025/02", "--no-pushdown"),
            (0, 4, "NaN", "NaN or an infinite value"), (0, 5, "two", "'two' for a count"),
            (0, 6, "2025-02\tNA", "missing value 'NA'")
        ]
        let cases: [([[String?]], [String?], String)] =
            [
                (Self.rows.map { Array($0.dropLast()) }, Self.totals, "sent 6 columns, expected 7"),
                (Self.rows + [Self.rows[0]], Self.totals, "account 'a' twice"),
                (Array(Self.rows.dropFirst()), Self.totals, "'a' differently from its rows"),
                (Self.rows, ["6", "1" + String(repeating: "0", count: 200)], "beyond ±1e150"),
                (Self.rows, ["6"], "the totals query sent 1 columns")
            ]
            + edits.map { edit in
                var rows = Self.rows
                rows[edit.row][edit.cell] = edit.value
                return (rows, Self.totals, edit.fragment)
            }
        for (rows, totals, fragment) in cases {
            let error = #expect(throws: DataError.self, "\(fragment)") {
                try pushed(rows, totals: totals, input: input)
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
        let rows = Gen.int(in: 0...(cells.count - 1)).array(of: 0...8).map { $0.map { cells[$0] } }.array(of: 0...6)
        var rng = Xoshiro(seed: (17, 3, 20261130, 1))
        var built = 0
        for _ in 0..<5_000 {
            let sent = Self.rows + rows.run(using: &rng)
            do {
                let pushed = try pushed(sent, input: input)
                built += 1
                #expect(pushed.means["score"]?.allSatisfy { $0?.isFinite ?? true } == true)
            } catch is DataError {}
        }
        #expect(built > 0)
    }
}
