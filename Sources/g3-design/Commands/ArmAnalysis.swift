import ArgumentParser
import Foundation
import G3Design
import G3Registry
import G3Report
import G3Stats

/// The estimates of one arm against the reference arm.
struct ArmAnalysis {
    let arm: String, reference: String
    var estimates: [ArmEstimate] = []
    var firstStageF: Double?, firstStageRobustF: Double?
    var diagnostics: [Diagnostic] = []
    /// Fisher's randomization test of the difference in means, when asked for.
    var inference: RandomizationInference?

    init(
        rows: [AnalysisRow], arm: String, reference: String, level: Double, adjustment: ArmAdjustment = ArmAdjustment()
    ) throws {
        self.arm = arm
        self.reference = reference
        let y = rows.map(\.value)
        let treated = rows.map { $0.arm == arm }
        estimates.append(try ArmComparison.differenceInMeans(outcome: y, treated: treated, confidenceLevel: level))
        estimates.append(
            try ArmComparison.pooledDifferenceInMeans(outcome: y, treated: treated, confidenceLevel: level))
        let strata = Set(rows.map(\.stratum))
        if strata.count > 1 {
            do {
                estimates.append(
                    try ArmComparison.blocked(
                        outcome: y, treated: treated, blocks: rows.map(\.stratum), confidenceLevel: level))
            } catch let error as EstimationError {
                diagnostics.append(
                    Diagnostic(
                        .skipped, .info, subject: EstimateMethod.blocked.rawValue,
                        "blocked estimator skipped: \(error.description)"))
            }
        }
        let takeup = rows.compactMap(\.engaged)
        if !takeup.isEmpty {
            if takeup.count < rows.count {
                diagnostics.append(
                    Diagnostic(
                        .data, .warning, subject: "take-up",
                        "take-up is recorded for \(takeup.count) of \(rows.count) units with outcomes: ITT on take-up and LATE skipped (import take-up for all units)"
                    ))
            } else {
                try addTakeup(takeup.map { $0 ? 1.0 : 0.0 }, y: y, treated: treated, level: level)
            }
        }
        try adjust(rows, with: adjustment, level: level)
    }

    /// The first stage, the LATE and its F; when they cannot be formed (take-up equal to the offer,
    /// no difference in take-up), a note says why and the ITT stands.
    private mutating func addTakeup(_ d: [Double], y: [Double], treated: [Bool], level: Double) throws {
        if zip(d, treated).allSatisfy({ ($0 == 1) == $1 }) {
            diagnostics.append(
                Diagnostic(
                    .data, .info, subject: "take-up",
                    "take-up equals the offer for every unit (full compliance): the LATE is the difference in means above, and there is no first stage to test"
                ))
            return
        }
        do {
            let first = try ArmComparison.differenceInMeans(
                outcome: d, treated: treated, confidenceLevel: level, method: .ittTakeup)
            let wald = try ArmComparison.wald(outcome: y, takeup: d, treated: treated, confidenceLevel: level)
            estimates += [first, wald.late]
            firstStageF = wald.firstStageF
            firstStageRobustF = wald.firstStageRobustF
            if wald.firstStageRobustF < 10 {
                diagnostics.append(
                    Diagnostic(
                        .weakInstrument, .warning, subject: EstimateMethod.late.rawValue,
                        "weak first stage: robust F = \(Format.fixed(wald.firstStageRobustF, 2)) < 10 (Staiger & Stock 1997); the LATE's t-test and CI are unreliable"
                    ))
            }
        } catch let error as EstimationError {
            diagnostics.append(
                Diagnostic(.skipped, .info, subject: "take-up", "take-up estimates skipped: \(error.description)"))
        }
    }

    func estimand(_ method: EstimateMethod) -> String {
        switch method {
        case .ittTakeup: return "ITT on take-up"
        case .late: return "LATE"
        default: return firstStageF == nil ? "ATE" : "ITT"
        }
    }

    static let names: [EstimateMethod: String] = [
        .differenceInMeans: "difference in means", .differenceInMeansPooled: "difference in means, pooled SE",
        .blocked: "blocked (by stratum)", .ittTakeup: "take-up (first stage)", .late: "LATE (Wald / 2SLS)",
        .lin: "Lin (covariates × arm, HC2)", .cuped: "CUPED (pre-period outcome)"
    ]

    /// 1 − SE²/SE²(difference in means): the share of the variance the adjustment removes.
    func varianceReduction(_ e: ArmEstimate) -> Double? {
        guard [.lin, .cuped].contains(e.method),
            let dim = estimates.first(where: { $0.method == .differenceInMeans })
        else { return nil }
        return 1 - (e.standardError * e.standardError) / (dim.standardError * dim.standardError)
    }

    func table() -> String {
        var table = TextTable([
            ("estimator", .left), ("estimand", .left), ("estimate", .right), ("SE", .right), ("CI", .right),
            ("p", .right), ("n \(arm)", .right), ("n \(reference)", .right), ("variance removed", .right)
        ])
        for e in estimates {
            let digits = e.method == .ittTakeup ? 4 : 2
            let (low, high) = e.confidenceInterval
            table.add([
                Self.names[e.method] ?? e.method.rawValue, estimand(e.method), Format.grouped(e.estimate, digits),
                Format.grouped(e.standardError, digits),
                "[\(Format.grouped(low, digits)), \(Format.grouped(high, digits))]",
                Format.pValue(e.pValue),
                Format.grouped(Double(e.nTreatment)), Format.grouped(Double(e.nControl)),
                varianceReduction(e).map { Format.percent($0, 1) } ?? "–"
            ])
        }
        var text = "\n\(arm) vs \(reference)\n" + table.render()
        if let f = firstStageF, let robust = firstStageRobustF {
            text += "  first-stage F \(Format.fixed(f, 2)) (HC1-robust \(Format.fixed(robust, 2)))\n"
        }
        if let r = inference {
            text +=
                "  randomization inference (Fisher, sharp null of no effect): p = \(Format.pValue(r.pValue)), \(Format.grouped(Double(r.draws))) draws of the design's own randomization (Monte Carlo SE \(Format.fixed(r.monteCarloSE, 4)))\n"
        }
        return text
    }

    /// This comparison's part of the results document.
    func document(metric: String) -> RCTDocument.Comparison {
        RCTDocument.Comparison(
            arm: arm, reference: reference,
            estimates: estimates.map { EstimateDocument($0, outcome: metric, estimand: estimand($0.method)) },
            firstStageF: firstStageF, firstStageFRobust: firstStageRobustF, diagnostics: diagnostics,
            varianceReduction: Dictionary(
                estimates.compactMap { e in varianceReduction(e).map { (e.method.rawValue, $0) } }
            ) { first, _ in first },
            randomizationInference: inference.map {
                RCTDocument.Inference(draws: $0.draws, seed: Int($0.seed), observed: $0.observed, pValue: $0.pValue)
            })
    }
}
