import Foundation
import G3Data
import G3Stats
import G3TestSupport
import Testing
@testable import G3Observational

/// Rosenbaum bounds and E-values against published values (Fixtures/reference/sensitivity/).
@Suite struct SensitivityTests {
    static let differences: [Double] = {
        let table = try! CSVReader.read(
            path: ReferenceTable.repositoryRoot.appendingPathComponent("Fixtures/sensitivity/rosenbaum_pairs.csv").path)
        let t = try! table.column("treated")
        let c = try! table.column("control")
        return table.rows.indices.map {
            try! table.requiredNumber(row: $0, column: t) - table.requiredNumber(row: $0, column: c)
        }
    }()

    /// METHODS.md (rbounds::psens 2.2): 60 pairs, T⁺ = 1314; p-value bounds to 1e-9.
    @Test func rosenbaumBoundsEqualPsens() throws {
        let bounds = try RosenbaumBounds(differences: Self.differences)
        #expect(bounds.pairs == 60 && bounds.signedRankSum == 1314)
        for row in try ReferenceTable("sensitivity/rosenbaum_psens.csv").rows {
            let p = bounds.pValues(gamma: row.number("gamma")!)
            #expect(abs(p.upper - row.number("upper")!) < 1e-9, "Γ \(row["gamma"]!): \(p.upper)")
            if let lower = row.number("lower") {
                #expect(abs(p.lower - lower) < 1e-12, "Γ \(row["gamma"]!): \(p.lower)")
            }
        }
        // Significance at 5% is lost between Γ = 1 and 1.5, where the upper bound crosses 0.05.
        let gamma = try #require(try bounds.criticalGamma(alpha: 0.05))
        #expect(gamma > 1 && gamma < 1.5 && abs(bounds.pValues(gamma: gamma).upper - 0.05) < 1e-9)
    }

    /// Issue 14, item 5: tied differences (0/1 outcomes). The variance is p(1 − p)Σr² over average
    /// ranks, as rbounds::psens and wilcox.test compute it (Fixtures/reference/sensitivity/rosenbaum_ties.R).
    @Test func rosenbaumBoundsWithTiesEqualPsens() throws {
        let table = try CSVReader.read(
            path: ReferenceTable.repositoryRoot.appendingPathComponent("Fixtures/sensitivity/rosenbaum_tied_pairs.csv")
                .path)
        let t = try table.column("treated")
        let c = try table.column("control")
        let differences = try table.rows.indices.map {
            try table.requiredNumber(row: $0, column: t) - table.requiredNumber(row: $0, column: c)
        }
        let bounds = try RosenbaumBounds(differences: differences)
        for row in try ReferenceTable("sensitivity/rosenbaum_ties.csv").rows {
            let p = bounds.pValues(gamma: try #require(row.number("gamma")))
            #expect(abs(p.upper - row.number("upper")!) < 1e-12, "Γ \(row["gamma"]!): upper \(p.upper)")
            #expect(abs(p.lower - row.number("lower")!) < 1e-12, "Γ \(row["gamma"]!): lower \(p.lower)")
        }
    }

    /// VanderWeele & Ding (2017): RR 3.9 with lower limit 1.8 → 7.26 and 3.0; the null and protective effects.
    @Test func eValuesEqualThePublishedExample() throws {
        #expect(abs(try EValue.riskRatio(3.9) - 7.26) < 0.005)  // published to two decimals; exactly 3.9 + √(3.9·2.9)
        #expect(abs(try EValue.riskRatio(3.9) - (3.9 + (3.9 * 2.9).squareRoot())) < 1e-12)
        #expect(abs(try EValue.riskRatioInterval(low: 1.8, high: 8.5) - 3.0) < 1e-12)
        #expect(try EValue.riskRatioInterval(low: 0.8, high: 1.3) == 1)
        #expect(abs(try EValue.riskRatio(1 / 3.9) - (try EValue.riskRatio(3.9))) < 1e-12)
        #expect(abs(try EValue.standardizedDifference(0.5) - (try EValue.riskRatio(Foundation.exp(0.455)))) < 1e-12)
    }

    /// R's p.adjust (Fixtures/reference/sensitivity/p_adjust.R), ties included.
    @Test func adjustmentsEqualPAdjust() throws {
        let rows = try ReferenceTable("sensitivity/p_adjust.csv").rows
        let p = rows.map { $0.number("p")! }
        for (a, row) in zip(MultipleTesting.holm(p), rows) { #expect(abs(a - row.number("holm")!) < 1e-15) }
        for (a, row) in zip(MultipleTesting.benjaminiHochberg(p), rows) { #expect(abs(a - row.number("bh")!) < 1e-15) }
    }
}
