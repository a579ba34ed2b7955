import G3TestSupport
import Testing
@testable import G3Stats

/// F quantiles against scipy's exact f.ppf and R's qf (Fixtures/reference/distributions/).
@Suite struct FDistributionTests {
    /// Issue 14, item 3: GSL's inverse fails from df2 ≈ 4,000; the fallback solves Q(x) = 1 − p.
    @Test func quantilesEqualScipyAtAnyDenominatorDF() throws {
        let rows = try ReferenceTable("distributions/qf_scipy.csv").rows
        #expect(rows.count == 30)
        for row in rows {
            let p = try #require(row.number("p"))
            let df1 = try #require(row.number("df1"))
            let df2 = try #require(row.number("df2"))
            let expected = try #require(row.number("quantile"))
            let q = try FDistribution.quantile(p, df1: df1, df2: df2)
            #expect(abs(q - expected) <= 1e-9 * expected, "qf(\(p), \(df1), \(df2)) = \(expected), got \(q)")
        }
    }

    /// R's qf agrees to 1e-9 up to df2 = 4e5; beyond, R returns qchisq(p, df1)/df1 (its qf.c), 2e-6 off.
    @Test func quantilesEqualRWhereRIsExact() throws {
        for row in try ReferenceTable("distributions/qf_r.csv").rows {
            let p = try #require(row.number("p"))
            let df1 = try #require(row.number("df1"))
            let df2 = try #require(row.number("df2"))
            let expected = try #require(row.number("quantile"))
            let q = try FDistribution.quantile(p, df1: df1, df2: df2)
            #expect(
                abs(q - expected) <= (df2 > 4e5 ? 1e-5 : 1e-9) * expected,
                "qf(\(p), \(df1), \(df2)) = \(expected), got \(q)")
        }
    }
}
