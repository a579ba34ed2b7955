import Foundation
import G3TestSupport
import Testing
@testable import G3Design

/// `rct analyze`'s estimators against estimatr / AER on Fixtures/rct/trial.csv
/// (Fixtures/reference/rct/estimatr.R): 1e-8 relative on estimates, SEs, p-values and CIs.
@Suite struct ArmComparisonTests {
    struct Trial { var y: [Double] = [], d: [Double] = [], z: [Bool] = [], block: [String] = [] }

    static func trial() throws -> Trial {
        let text = try String(
            contentsOf: ReferenceTable.repositoryRoot.appendingPathComponent("Fixtures/rct/trial.csv"), encoding: .utf8)
        var trial = Trial()
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",").map(String.init)
            trial.block.append("\(f[1]) / \(f[2])")
            trial.z.append(f[3] == "g3")
            trial.d.append(Double(f[4])!)
            trial.y.append(Double(f[5])!)
        }
        return trial
    }

    static func reference(_ method: String) throws -> [String: String] {
        try ReferenceTable("rct/estimatr.csv").rows.first { $0["method"] == method }!
    }

    func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-8 * max(1, abs(b)) }

    func check(_ estimate: ArmEstimate, against method: String) throws {
        let r = try Self.reference(method)
        #expect(close(estimate.estimate, r.number("estimate")!), "\(method) estimate")
        #expect(close(estimate.standardError, r.number("std_error")!), "\(method) SE")
        #expect(close(estimate.statistic, r.number("statistic")!), "\(method) t")
        #expect(close(estimate.degreesOfFreedom, r.number("df")!), "\(method) df")
        #expect(close(estimate.pValue, r.number("p_value")!), "\(method) p")
        #expect(close(estimate.confidenceInterval.low, r.number("conf_low")!), "\(method) CI low")
        #expect(close(estimate.confidenceInterval.high, r.number("conf_high")!), "\(method) CI high")
    }

    @Test func differenceInMeansAgreesWithEstimatr() throws {
        let t = try Self.trial()
        try check(try ArmComparison.differenceInMeans(outcome: t.y, treated: t.z), against: "difference_in_means")
        // lm_robust HC2 gives the same SE (with n − 2 df).
        let hc2 = try Self.reference("lm_robust_HC2")
        #expect(
            close(
                try ArmComparison.differenceInMeans(outcome: t.y, treated: t.z).standardError, hc2.number("std_error")!)
        )
    }

    @Test func blockedAgreesWithEstimatr() throws {
        let t = try Self.trial()
        try check(try ArmComparison.blocked(outcome: t.y, treated: t.z, blocks: t.block), against: "blocked")
    }

    @Test func takeupAndLateAgreeWithEstimatrAndAER() throws {
        let t = try Self.trial()
        try check(
            try ArmComparison.differenceInMeans(outcome: t.d, treated: t.z, method: .ittTakeup), against: "itt_takeup"
        )
        let wald = try ArmComparison.wald(outcome: t.y, takeup: t.d, treated: t.z)
        try check(wald.late, against: "late_HC1")
        let f = try Self.reference("first_stage_F")
        #expect(close(wald.firstStageF, f.number("estimate")!))
        #expect(close(wald.firstStageRobustF, f.number("statistic")!))
    }

    @Test func aConstantOutcomeHasNoStandardErrorAndSaysSo() {
        #expect(throws: EstimationError.self) {
            try ArmComparison.differenceInMeans(outcome: [5, 5, 5, 5], treated: [true, true, false, false])
        }
        #expect(throws: EstimationError.self) {
            try ArmComparison.blocked(
                outcome: [1, 1, 2, 2, 3, 3, 4, 4], treated: [true, true, false, false, true, true, false, false],
                blocks: ["a", "a", "a", "a", "b", "b", "b", "b"])
        }
    }

    @Test func saysWhenAnArmIsTooSmall() {
        #expect(throws: EstimationError.self) {
            try ArmComparison.blocked(
                outcome: [1, 2, 3, 4, 5], treated: [true, false, false, true, true], blocks: ["a", "a", "a", "b", "b"])
        }
        #expect(throws: EstimationError.self) {
            try ArmComparison.wald(outcome: [1, 2, 3, 4], takeup: [1, 1, 1, 1], treated: [true, false, true, false])
        }
    }

    /// Issue 14, item 11: a variance that overflows is an error, never an infinite SE or a NaN p.
    @Test func nonFiniteInferenceIsRefused() {
        let y: [Double] = [1e300, -1e300, 1e300, -1e300, 1e300, -1e300]
        let z = [true, true, true, false, false, false]
        #expect(throws: EstimationError.self) { try ArmComparison.differenceInMeans(outcome: y, treated: z) }
        #expect(throws: EstimationError.self) { try ArmComparison.pooledDifferenceInMeans(outcome: y, treated: z) }
        #expect(throws: EstimationError.self) {
            try ArmComparison.wald(outcome: y, takeup: [1, 1, 0, 0, 0, 0], treated: z)
        }
    }
}
