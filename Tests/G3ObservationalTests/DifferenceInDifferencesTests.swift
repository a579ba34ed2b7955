import Foundation
import G3Data
import G3TestSupport
import Testing
@testable import G3Observational

/// TWFE, the event study and Callaway & Sant'Anna against R and Python references (Fixtures/reference/did/).
@Suite struct DifferenceInDifferencesTests {
    struct LongPanel {
        var unit: [Int] = [], period: [Int] = [], y: [Double] = [], treated: [Double] = [], cohort: [Int?] = []
    }

    /// Reads a fixture; units are numbered by first appearance.
    static func panel(_ file: String, unit: String, period: String, y: String, cohort: String, treated: String? = nil)
        -> LongPanel
    {
        let table = try! CSVReader.read(path: ReferenceTable.repositoryRoot.appendingPathComponent(file).path)
        let u = try! table.column(unit)
        let t = try! table.column(period)
        let v = try! table.column(y)
        let c = try! table.column(cohort)
        var ids: [String: Int] = [:]
        var p = LongPanel()
        for r in table.rows.indices {
            let id = table.rows[r][u]
            if ids[id] == nil { ids[id] = ids.count }
            p.unit.append(ids[id]!)
            p.period.append(Int(try! table.requiredNumber(row: r, column: t)))
            p.y.append(try! table.requiredNumber(row: r, column: v))
            let g = Int(try! table.requiredNumber(row: r, column: c))
            p.cohort.append(g > 0 ? g : nil)
            if let treated { p.treated.append(try! table.requiredNumber(row: r, column: try! table.column(treated))) }
        }
        return p
    }

    static let organ = panel(
        "Fixtures/did/organ_donations.csv", unit: "State", period: "Quarter_Num", y: "Rate", cohort: "first_treated",
        treated: "Treated")
    static let mpdta = panel(
        "Fixtures/did/mpdta.csv", unit: "countyreal", period: "year", y: "lemp", cohort: "first.treat")

    func close(_ a: Double, _ b: Double, _ tolerance: Double) -> Bool { abs(a - b) <= tolerance * max(abs(b), 1e-300) }

    /// organ_donations: lm + vcovCL HC1 (K = 33) and pyfixest (fixest's K), coefficient and SE to 1e-6.
    @Test(arguments: ["organ_donations_r.csv", "organ_donations_pyfixest.csv"])
    func twfeEqualsTheReference(file: String) throws {
        let reference = try ReferenceTable("did/\(file)").rows[0]
        let o = Self.organ
        let fit = try TwoWayFixedEffects.fit(
            y: o.y, columns: [o.treated], names: ["Treated"], unit: o.unit, time: o.period.map { $0 - 1 },
            cluster: o.unit, convention: reference["convention"] == "lm" ? .lm : .fixest)
        #expect(close(fit.coefficients[0], reference.number("estimate")!, 1e-9), "\(fit.coefficients[0])")
        #expect(close(fit.standardError(0), reference.number("se")!, 1e-8), "\(fit.standardError(0))")
        #expect(fit.clusters == 27 && fit.degreesOfFreedom == 26)
    }

    /// mpdta event study against pyfixest's feols(lemp ~ i(rel, ref = -1) | county + year): estimates, both SE
    /// conventions and the leads' Wald statistic to 1e-6.
    @Test func eventStudyEqualsPyfixest() throws {
        let rows = try ReferenceTable("did/event_study_pyfixest.csv").rows
        let m = Self.mpdta
        for convention in FixedEffectsConvention.allCases {
            let study = try EventStudy(
                y: m.y, unit: m.unit, period: m.period, cohort: m.cohort, cluster: m.unit, convention: convention)
            for row in rows where !row["rel"]!.isEmpty {
                let term = try #require(study.terms.first { $0.relativeTime == Int(row.number("rel")!) })
                #expect(close(term.estimate, row.number("estimate")!, 1e-6), "\(term.label)")
                let se = row.number(convention == .lm ? "se_lm" : "se_fixest")!
                #expect(
                    close(term.standardError, se, 1e-6), "\(convention) \(term.label): \(term.standardError) vs \(se)")
            }
            #expect(study.terms.first { $0.relativeTime == -1 }!.isReference)
            if convention == .fixest {
                let wald = try #require(rows.first { $0["term"] == "wald_leads_chi2" })
                let test = try #require(study.leadsTest)
                #expect(
                    test.restrictions == 3 && close(test.statistic, wald.number("estimate")!, 1e-6),
                    "W \(test.statistic)")
                #expect(close(test.chiSquarePValue, wald.number("se_fixest")!, 1e-6))
            }
        }
    }

    /// mpdta, Callaway & Sant'Anna with never-treated controls, against csdid 0.4.3 (the port of R did): every
    /// ATT(g,t), aggregation and analytic SE to 1e-6; the pre-trend Wald statistic to 1e-6.
    @Test(arguments: [
        ("mpdta_csdid.csv", CallawaySantAnna.ControlGroup.neverTreated), ("mpdta_csdid_notyet.csv", .notYetTreated)
    ])
    func callawaySantAnnaEqualsCsdid(file: String, control: CallawaySantAnna.ControlGroup) throws {
        let m = Self.mpdta
        let cs = try CallawaySantAnna(y: m.y, unit: m.unit, period: m.period, cohort: m.cohort, control: control)
        func check(_ e: CallawaySantAnna.Estimate, _ row: [String: String]) {
            #expect(close(e.estimate, row.number("estimate")!, 1e-6), "\(row): \(e.estimate)")
            #expect(close(e.standardError, row.number("se")!, 1e-6), "\(row): SE \(e.standardError)")
        }
        let rows = try ReferenceTable("did/\(file)").rows
        #expect(rows.count == 31)
        for row in rows {
            let group = row.number("group").map(Int.init)
            let time = row.number("time").map(Int.init)
            switch row["kind"]! {
            case "attgt": check(try #require(cs.cells.first { $0.group == group && $0.time == time }).effect, row)
            case "simple": check(cs.simple, row)
            case "dynamic": check(try #require(cs.dynamic.parts.first { $0.key == time }).effect, row)
            case "dynamic_overall": check(cs.dynamic.overall, row)
            case "group": check(try #require(cs.group.parts.first { $0.key == group }).effect, row)
            case "group_overall": check(cs.group.overall, row)
            case "calendar": check(try #require(cs.calendar.parts.first { $0.key == time }).effect, row)
            case "calendar_overall": check(cs.calendar.overall, row)
            case "pretest":
                let test = try #require(cs.pretest)
                #expect(test.df == 5 && close(test.statistic, row.number("estimate")!, 1e-6), "W \(test.statistic)")
                #expect(abs(test.pValue - row.number("se")!) < 1e-5)  // csdid rounds the p-value to 5 digits
            default: Issue.record("unknown reference row \(row)")
            }
        }
    }
}
