import Foundation
import G3TestSupport
import Testing

@testable import G3Design

/// Issue 16: Lin's estimator against `estimatr::lm_lin` (Fixtures/reference/adjustment/lm_lin.R) and
/// CUPED against its closed form (cuped.py) on Fixtures/rct/trial.csv, to 1e-8 (relative).
@Suite struct CovariateAdjustmentTests {
    static func trial() throws -> (y: [Double], x: [Double], z: [Bool], block: [String]) {
        let text = try String(
            contentsOf: ReferenceTable.repositoryRoot.appendingPathComponent("Fixtures/rct/trial.csv"), encoding: .utf8)
        let rows = text.split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
        return (
            rows.map { Double($0[5]) ?? .nan }, rows.map { Double($0[6]) ?? .nan }, rows.map { $0[3] == "g3" },
            rows.map { "\($0[1]) / \($0[2])" }
        )
    }

    func close(_ a: Double, _ b: Double?) -> Bool { b.map { abs(a - $0) <= 1e-8 * max(1, abs($0)) } ?? false }

    func check(_ e: ArmEstimate, _ r: [String: String], _ label: String) {
        #expect(close(e.estimate, r.number("estimate")), "\(label) estimate")
        #expect(close(e.standardError, r.number("std_error")), "\(label) SE")
        #expect(close(e.degreesOfFreedom, r.number("df")), "\(label) df")
        #expect(close(e.pValue, r.number("p_value")), "\(label) p")
        #expect(close(e.confidenceInterval.low, r.number("conf_low")), "\(label) CI low")
        #expect(close(e.confidenceInterval.high, r.number("conf_high")), "\(label) CI high")
    }

    @Test func linEqualsLmLin() throws {
        let t = try Self.trial()
        let reference = try ReferenceTable("adjustment/lm_lin.csv").rows
        func row(_ method: String) throws -> [String: String] {
            try #require(reference.first { $0["method"] == method })
        }
        let baseline = [("baseline_security_rev", t.x)]
        check(try ArmComparison.lin(outcome: t.y, treated: t.z, covariates: baseline), try row("lin_baseline"), "x")
        check(
            try ArmComparison.lin(outcome: t.y, treated: t.z, covariates: baseline, blocks: t.block),
            try row("lin_baseline_blocks"), "x + blocks")
        check(
            try ArmComparison.lin(outcome: t.y, treated: t.z, covariates: [], blocks: t.block), try row("lin_blocks"),
            "blocks")
    }

    @Test func cupedEqualsItsClosedForm() throws {
        let t = try Self.trial()
        let r = try #require(try ReferenceTable("adjustment/cuped.csv").rows.first)
        let (e, theta) = try ArmComparison.cuped(outcome: t.y, pre: t.x, treated: t.z)
        #expect(close(theta, r.number("theta")))
        check(e, r, "cuped")
        // The adjustment buys precision: the CUPED SE is far below the difference in means'.
        let dim = try ArmComparison.differenceInMeans(outcome: t.y, treated: t.z)
        #expect(e.standardError < 0.5 * dim.standardError)
    }

    @Test func degenerateInputsAreRefused() {
        #expect(throws: EstimationError.self) {
            try ArmComparison.cuped(outcome: [1, 2, 3, 4], pre: [5, 5, 5, 5], treated: [true, false, true, false])
        }
        #expect(throws: EstimationError.self) {
            try ArmComparison.lin(outcome: [1, 2, 3], treated: [true, false, true], covariates: [])
        }
    }
}
