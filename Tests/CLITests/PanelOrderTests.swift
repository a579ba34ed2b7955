import Foundation
import G3Data
import G3Stats
import PropertyBased
import Testing

@testable import g3_design

/// Issue 17: `RecordPlaces` puts a panel's records in panel order (accounts in byte order of their
/// ids, each account's rows in month order) without sorting them: given each record's account by its
/// rank in that order, an account's rows start where the accounts before it end, and a record takes its account's next row when each account's records come
/// in month order in the file, or else its row from a table. On generated files (ids that share
/// prefixes, differ in length or hold non-ASCII text; months out of order and repeated; rows left out
/// as `--missing drop-row` leaves them) it gives the order of a stable comparison sort by (id in byte
/// order, month), so that repeated months keep file order.
@Suite struct PanelOrderTests {
    static let ids = ["a", "ab", "b", "a\u{00E9}", "0", "001SIM0000001", "001SIM0000001-1", "001SIM000000", "Z", "é"]
    /// Per row: the id, the month (1–6) and whether the row is kept.
    static let rows = Gen.int(in: 0...59).array(of: 3).array(of: 0...120)

    @Test func placesEqualAStableSortByIdAndMonth() throws {
        var rng = Xoshiro(seed: (17, 12, 1, 4))
        var tabled = 0
        for k in 0..<400 {
            var rows = Self.rows.run(using: &rng)
            // Every other file month-major (each account's records in month order, accounts interleaved).
            if k % 2 == 0 { rows = rows.enumerated().sorted { ($0.1[1] % 6, $0.0) < ($1.1[1] % 6, $1.0) }.map(\.1) }
            let text =
                "id,month\n"
                + rows.map { "\(Self.ids[$0[0] % Self.ids.count]),2025-0\($0[1] % 6 + 1)-01\n" }.joined()
            let table = try TypedCSVReader.File(data: Data(text.utf8), source: "f.csv")
                .columns(numeric: [], text: ["id", "month"])
            let month = try MonthCodes(table, "month", path: "f.csv", line: { $0 })
            let codes = try #require(table.codes["id"])
            let levels = try #require(table.levels["id"])
            let kept = rows.map { $0[2] % 5 != 0 }
            // Each record's account by its rank in byte order of the ids, as `RecordKeys.renumber` leaves it.
            let ranked = ByteOrder.sortedIndices(levels)
            let rank = levels.indices.map { u in Int32(ranked.firstIndex(of: u) ?? 0) }
            let unit = codes.indices.map { kept[$0] ? rank[Int(codes[$0])] : -1 }
            let months = codes.indices.map { Int32(month.optional($0) ?? 0) }
            let counts = levels.indices.map { k in Int32(unit.filter { $0 == k }.count) }
            let places = RecordPlaces(unit: unit, month: months, rowsPerUnit: counts)
            var walk = places.restarted()
            var order = [Int](repeating: -1, count: places.rows)
            for r in rows.indices {
                let p = walk.next(r)
                if p >= 0 { order[p] = r }
            }
            let expected = rows.indices.filter { kept[$0] }.sorted { a, b in
                let (ia, ib) = (levels[Int(codes[a])], levels[Int(codes[b])])
                if ia != ib { return ia.precedesInByteOrder(ib) }
                return months[a] != months[b] ? months[a] < months[b] : a < b
            }
            #expect(order == expected)
            if let p = expected.indices.randomElement(using: &rng) { #expect(places.record(atRow: p) == expected[p]) }
            if places.rowOfRecord != nil { tabled += 1 }
        }
        #expect(tabled > 150 && tabled < 250, "\(tabled) files placed through a table")
    }
}
