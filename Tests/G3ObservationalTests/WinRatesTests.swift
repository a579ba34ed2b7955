import G3TestSupport
import Testing

@testable import G3Observational

/// Win rates against R's prop.test (Fixtures/reference/engagements/proportions.R → proportions.csv):
/// each group's Wilson interval, its pooled z test against the other opportunities, Holm across groups.
@Suite struct WinRatesTests {
    /// Two groups per reference case: "a" with x won of n, "b" with x_rest of n_rest.
    @Test func groupsAgreeWithPropTest() throws {
        for row in try ReferenceTable("engagements/proportions.csv").rows {
            let x = Int(try #require(row.number("x")))
            let n = Int(try #require(row.number("n")))
            let xRest = Int(try #require(row.number("x_rest")))
            let nRest = Int(try #require(row.number("n_rest")))
            let group = Array(repeating: "a", count: n) + Array(repeating: "b", count: nRest)
            let won = (0..<n).map { $0 < x } + (0..<nRest).map { $0 < xRest }
            let rates = try WinRates(
                group: group, won: won, arr: won.map { $0 ? 1000 : nil }, level: try #require(row.number("level")),
                minimumGroup: 1, bootstrap: 200, seed: 3)
            let a = try #require(rates.groups.first { $0.name == "a" })
            let p = try #require(row.number("p_two_proportion"))
            #expect(abs(a.interval.low - (try #require(row.number("wilson_low")))) < 1e-10, "\(row)")
            #expect(abs(a.interval.high - (try #require(row.number("wilson_high")))) < 1e-10, "\(row)")
            #expect(abs(a.pValue - p) <= 1e-9 * max(p, 1e-300) + 1e-15, "\(row)")
            // Holm over the two groups' identical p-values: both become min(1, 2p).
            #expect(abs(a.pHolm - min(1, 2 * p)) <= 1e-9 * max(p, 1e-300) + 1e-15)
            #expect(rates.opportunities == n + nRest && rates.won == x + xRest)
            // Every won opportunity has ARR 1,000: the totals and means are exact, their bootstrap
            // percentiles bracket them.
            #expect(a.totalARR == Double(1000 * x) && a.meanARR == (x > 0 ? 1000 : nil))
            if let range = a.totalARRInterval { #expect(range.low <= a.totalARR && a.totalARR <= range.high) }
        }
    }

    /// Groups are ranked by win rate; those below the minimum size are listed after them, unranked.
    @Test func smallGroupsAreNotRanked() throws {
        let group = Array(repeating: "big", count: 40) + Array(repeating: "mid", count: 35) + ["tiny", "tiny"]
        let won = (0..<40).map { $0 < 10 } + (0..<35).map { $0 < 20 } + [true, true]
        let rates = try WinRates(
            group: group, won: won, arr: won.map { _ in nil }, minimumGroup: 30, bootstrap: 0, seed: 1)
        #expect(rates.groups.map(\.name) == ["mid", "big", "tiny"])
        #expect(rates.groups.map(\.rank) == [1, 2, nil])
        #expect(throws: ObservationalError.self) {
            try WinRates(group: [], won: [], arr: [], bootstrap: 0, seed: 1)
        }
    }
}
