import Foundation
import G3TestSupport
import Testing
@testable import G3Stats

@Suite struct NoncentralTTests {
    /// R 4.2.2 `pt(q, df, ncp)` and `pt(q, df, ncp, lower.tail = FALSE)` over a 864-point grid
    /// (Fixtures/reference/noncentral_t/pt_grid.R): agreement to 1e-9 absolute.
    @Test func agreesWithRsPtOverTheGrid() throws {
        let rows = try ReferenceTable("noncentral_t/pt_grid.csv").rows
        #expect(rows.count == 864)
        var worst = 0.0
        for row in rows {
            let q = row.number("q")!
            let df = row.number("df")!
            let ncp = row.number("ncp")!
            let lower = try NoncentralT.cdf(q, df: df, noncentrality: ncp)
            let upper = try NoncentralT.survival(q, df: df, noncentrality: ncp)
            let errLower = abs(lower - row.number("lower")!)
            let errUpper = abs(upper - row.number("upper")!)
            worst = max(worst, errLower, errUpper)
            #expect(errLower < 1e-9, "pt(\(q), \(df), ncp = \(ncp)) = \(row["lower"]!), got \(lower)")
            #expect(errUpper < 1e-9, "pt(\(q), \(df), ncp = \(ncp), lower = FALSE) = \(row["upper"]!), got \(upper)")
        }
        #expect(worst < 1e-9)
    }

    @Test func zeroNoncentralityIsCentralT() throws {
        #expect(abs(try NoncentralT.cdf(1.5, df: 7, noncentrality: 0) - StudentT.cdf(1.5, df: 7)) < 1e-15)
    }

    @Test func rejectsBadDegreesOfFreedom() {
        #expect(throws: DomainError.self) { try NoncentralT.cdf(1, df: 0, noncentrality: 1) }
        #expect(throws: DomainError.self) { try NoncentralT.cdf(1, df: -3, noncentrality: 1) }
        #expect(throws: DomainError.self) { try NoncentralT.cdf(1, df: 5, noncentrality: .nan) }
    }
}
