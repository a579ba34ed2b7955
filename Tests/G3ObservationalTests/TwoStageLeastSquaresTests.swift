import Foundation
import G3Data
import G3Stats
import G3TestSupport
import Testing
@testable import G3Observational

/// 2SLS against R AER::ivreg + sandwich and estimatr::iv_robust (Fixtures/reference/iv/ivreg.R).
@Suite struct TwoStageLeastSquaresTests {
    /// Wooldridge's mroz, the 428 women in the labour force.
    static let mroz: [String: [Double]] = {
        let table = try! CSVReader.read(
            path: ReferenceTable.repositoryRoot.appendingPathComponent("Fixtures/iv/mroz.csv").path)
        let inlf = try! table.column("inlf")
        let rows = table.rows.indices.filter { table.rows[$0][inlf] == "1" }
        return Dictionary(
            uniqueKeysWithValues: ["lwage", "educ", "exper", "expersq", "fatheduc", "motheduc"].map { name in
                let c = try! table.column(name)
                return (name, rows.map { try! table.requiredNumber(row: $0, column: c) })
            })
    }()
    static func column(_ name: String) -> NamedColumn { NamedColumn(name, mroz[name]!) }
    static let reference = try! ReferenceTable("iv/ivreg.csv").rows

    static func model(_ name: String, _ estimator: CovarianceEstimator) throws -> TwoStageLeastSquares {
        name == "simple"
            ? try TwoStageLeastSquares(
                y: column("lwage"), endogenous: [column("educ")], instruments: [column("fatheduc")],
                estimator: estimator)
            : try TwoStageLeastSquares(
                y: column("lwage"), endogenous: [column("educ")], instruments: [column("fatheduc"), column("motheduc")],
                controls: [column("exper"), column("expersq")], estimator: estimator)
    }

    func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-6) -> Bool { abs(a - b) <= tolerance * abs(b) }

    /// Coefficients, classical/HC0/HC1 SEs, the first-stage F, Wu–Hausman and Sargan to 1e-6.
    @Test(arguments: ["simple", "overid"])
    func mrozEqualsAER(name: String) throws {
        let rows = Self.reference.filter { $0["model"] == name }
        for (key, estimator) in [("se", CovarianceEstimator.classical), ("se_hc0", .hc0), ("se_hc1", .hc1)] {
            let fit = try Self.model(name, estimator)
            for row in rows {
                switch row["term"]! {
                case "weak_instruments_F":
                    #expect(close(fit.firstStages[0].f, row.number("estimate")!), "F \(fit.firstStages[0].f)")
                case "wu_hausman":
                    #expect(close(try #require(fit.wuHausman).statistic, row.number("estimate")!), "Wu–Hausman")
                case "sargan": #expect(close(try #require(fit.sargan).statistic, row.number("estimate")!), "Sargan")
                case let term:
                    let c = try #require(fit.coefficients.first { $0.name == term })
                    #expect(close(c.estimate, row.number("estimate")!), "\(term)")
                    #expect(close(c.standardError, row.number(key)!), "\(name) \(term) \(key): \(c.standardError)")
                }
            }
            #expect((fit.sargan == nil) == (name == "simple"))
        }
    }

    /// estimatr::iv_robust(…, clusters = stratum, se_type = "stata") on the trial fixture, to 1e-6.
    @Test func clusteredEqualsEstimatr() throws {
        let table = try CSVReader.read(
            path: ReferenceTable.repositoryRoot.appendingPathComponent("Fixtures/rct/trial.csv").path)
        func numbers(_ name: String) throws -> [Double] {
            let c = try table.column(name)
            return try table.rows.indices.map { try table.requiredNumber(row: $0, column: c) }
        }
        let arm = try table.column("arm")
        let segment = try table.column("sub_segment")
        let support = try table.column("max_aws_support_level")
        let strata = table.rows.map { "\($0[segment]) / \($0[support])" }
        let ids = Dictionary(uniqueKeysWithValues: Set(strata).sorted().enumerated().map { ($1, $0) })
        let fit = try TwoStageLeastSquares(
            y: NamedColumn("ttl_security_rev", try numbers("ttl_security_rev")),
            endogenous: [NamedColumn("engaged", try numbers("engaged"))],
            instruments: [NamedColumn("z", table.rows.map { $0[arm] == "g3" ? 1 : 0 })],
            controls: [NamedColumn("baseline_security_rev", try numbers("baseline_security_rev"))],
            estimator: .cluster(strata.map { ids[$0]! }))
        #expect(fit.degreesOfFreedom == Double(ids.count - 1))  // t(G − 1)
        for row in Self.reference where row["model"] == "trial_cluster" {
            let c = try #require(fit.coefficients.first { $0.name == row["term"] })
            #expect(
                close(c.estimate, row.number("estimate")!) && close(c.standardError, row.number("se")!),
                "\(c.name): \(c.standardError)")
        }
    }

    /// At each end of the Anderson–Rubin interval the AR test's p-value is exactly 1 − level.
    @Test func andersonRubinBoundsAreWhereTheTestTurns() throws {
        let fit = try Self.model("simple", .classical)
        guard case .interval(let low, let high)? = fit.andersonRubin else {
            Issue.record("expected an interval, got \(String(describing: fit.andersonRubin))")
            return
        }
        #expect(low < fit.coefficients[1].estimate && fit.coefficients[1].estimate < high)
        let y = Self.mroz["lwage"]!
        let d = Self.mroz["educ"]!
        let z = Self.mroz["fatheduc"]!
        let one = [Double](repeating: 1, count: y.count)
        for beta in [low, high] {
            let target = zip(y, d).map { $0 - beta * $1 }
            let full = try LeastSquares.fit(columns: [one, z], y: target)
            let restricted = try LeastSquares.fit(columns: [one], y: target)
            let f =
                (restricted.residualSumOfSquares - full.residualSumOfSquares)
                / (full.residualSumOfSquares / Double(y.count - 2))
            #expect(abs(try FDistribution.survival(f, df1: 1, df2: Double(y.count - 2)) - 0.05) < 1e-9)
        }
        #expect(
            fit.stockYogo == 16.38
                && fit.diagnostics.contains { $0.kind == .weakInstrument && $0.message.contains("104.7") })
    }

    /// Issue 14, item 4: two endogenous regressors whose first-stage residuals are exactly collinear
    /// (potexper = age − educ − 6 with age an instrument). AER drops the aliased column of the
    /// Wu–Hausman regression: df1 = 1 (Fixtures/reference/iv/iv_aliased.R), and the estimate stands.
    @Test func aliasedWuHausmanColumnsAreDroppedAsAER() throws {
        let table = try CSVReader.read(
            path: ReferenceTable.repositoryRoot.appendingPathComponent("Fixtures/iv/mroz.csv").path)
        let inlf = try table.column("inlf")
        let age = try table.column("age")
        let ages = try table.rows.indices.filter { table.rows[$0][inlf] == "1" }.map {
            try table.requiredNumber(row: $0, column: age)
        }
        let educ = Self.column("educ")
        let potexper = NamedColumn("potexper", zip(ages, educ.values).map { $0 - $1 - 6 })
        let fit = try TwoStageLeastSquares(
            y: Self.column("lwage"), endogenous: [educ, potexper],
            instruments: [NamedColumn("age", ages), Self.column("fatheduc"), Self.column("motheduc")])
        for row in try ReferenceTable("iv/iv_aliased.csv").rows {
            let value = try #require(row.number("estimate"))
            switch row["term"]! {
            case "Wu-Hausman":
                let test = try #require(fit.wuHausman)
                #expect(
                    close(test.statistic, value) && test.df1 == row.number("df1") && test.df2 == row.number("df2"),
                    "\(test)")
            case "Sargan": #expect(close(try #require(fit.sargan).statistic, value))
            case let term:
                let c = try #require(fit.coefficients.first { $0.name == term })
                let se = try #require(row.number("se"))
                #expect(close(c.estimate, value) && close(c.standardError, se), "\(term)")
            }
        }
        #expect(fit.diagnostics.contains { $0.subject == "Wu–Hausman" && $0.message.contains("aliased") })
    }

    /// Issue 14, items 3 and 11: 2SLS at a million rows (the F quantile of the Anderson–Rubin set no
    /// longer fails from df2 ≈ 4,000), and an outcome that is an exact copy of the regressor is refused.
    @Test func largeSamplesWorkAndDegenerateOutcomesAreRefused() throws {
        let n = 1_000_000
        let random = MersenneTwister(seed: 14)
        let z = (0..<n).map { _ in random.uniform() < 0.5 ? 1.0 : 0.0 }
        let d = z.map { $0 * 0.6 + random.uniform() }
        let y = d.map { 2 * $0 + random.uniform() }
        let fit = try TwoStageLeastSquares(
            y: NamedColumn("y", y), endogenous: [NamedColumn("d", d)], instruments: [NamedColumn("z", z)])
        #expect(abs(fit.coefficients[1].estimate - 2) < 0.02)
        guard case .interval? = fit.andersonRubin else {
            Issue.record("AR set \(String(describing: fit.andersonRubin))")
            return
        }
        #expect(throws: ObservationalError.self) {
            try TwoStageLeastSquares(
                y: NamedColumn("copy", d), endogenous: [NamedColumn("d", d)], instruments: [NamedColumn("z", z)])
        }
        #expect(throws: ObservationalError.self) {
            try TwoStageLeastSquares(
                y: NamedColumn("y", y), endogenous: [NamedColumn("d", d)], instruments: [NamedColumn("z", z)],
                controls: [NamedColumn("(Intercept)", z)])
        }
    }

    @Test func badDesignsNameTheColumns() throws {
        let y = Self.column("lwage")
        let educ = Self.column("educ")
        let father = Self.column("fatheduc")
        #expect(
            throws: ObservationalError(
                "1 instrument (fatheduc) cannot identify 2 endogenous regressors (educ, exper): give at least as many instruments"
            )
        ) {
            try TwoStageLeastSquares(y: y, endogenous: [educ, Self.column("exper")], instruments: [father])
        }
        #expect(throws: ObservationalError("the instrument column 'twice' is collinear with '(Intercept)', 'fatheduc'"))
        {
            try TwoStageLeastSquares(
                y: y, endogenous: [educ], instruments: [father, NamedColumn("twice", father.values.map { 2 * $0 })])
        }
        #expect(
            throws: ObservationalError("the instrument 'flat' is constant: it cannot move the endogenous regressors")
        ) {
            try TwoStageLeastSquares(
                y: y, endogenous: [educ], instruments: [NamedColumn("flat", father.values.map { _ in 3 })])
        }
    }
}
