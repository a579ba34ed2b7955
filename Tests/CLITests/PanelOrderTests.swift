import Foundation
import G3Data
import G3Stats
import PropertyBased
import Testing

@testable import g3_design

/// Issue 17: `PanelKeys.sort` counts a panel's rows into their accounts' places (accounts in byte
/// order of their ids) and sorts an account's rows by month only when they are out of order. On
/// generated files (ids that share prefixes, differ in length or hold non-ASCII text; months out of
/// order and repeated; rows left out as `--missing drop-row` leaves them) it gives the order of a
/// stable comparison sort by (id in byte order, month), so that repeated months keep file order.
@Suite struct PanelOrderTests {
    static let ids = ["a", "ab", "b", "a\u{00E9}", "0", "001SIM0000001", "001SIM0000001-1", "001SIM000000", "Z", "é"]
    /// Per row: the id, the month (1–6) and whether the row is kept.
    static let rows = Gen.int(in: 0...59).array(of: 3).array(of: 0...120)

    @Test func countingSortEqualsAStableSortByIdAndMonth() throws {
        var rng = Xoshiro(seed: (17, 12, 1, 4))
        var reordered = 0
        for _ in 0..<400 {
            let rows = Self.rows.run(using: &rng)
            let text =
                "id,month\n"
                + rows.map { "\(Self.ids[$0[0] % Self.ids.count]),2025-0\($0[1] % 6 + 1)-01\n" }.joined()
            let table = try TypedCSVReader.File(data: Data(text.utf8), source: "f.csv")
                .columns(numeric: [], text: ["id", "month"])
            let month = try MonthCodes(table, "month", path: "f.csv", line: { $0 })
            let units = try #require(table.codes["id"])
            let levels = try #require(table.levels["id"])
            let kept = rows.indices.filter { rows[$0][2] % 5 != 0 }
            var keep = kept
            PanelKeys.sort(&keep, units: units, levels: levels, month: month)
            let expected = kept.sorted { a, b in
                let (ia, ib) = (levels[Int(units[a])], levels[Int(units[b])])
                if ia != ib { return ia.precedesInByteOrder(ib) }
                return month.of(a) != month.of(b) ? month.of(a) < month.of(b) : a < b
            }
            #expect(keep == expected)
            if keep != kept { reordered += 1 }
        }
        #expect(reordered > 300, "\(reordered) files reordered")
    }
}
