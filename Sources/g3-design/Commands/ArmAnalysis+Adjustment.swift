import G3Data
import G3Design
import G3Registry
import G3Stats

extension ArmAnalysis {
    /// Lin's estimator on the recorded covariates (with the strata's indicators when there are
    /// several), CUPED on the pre-period outcome, and Fisher's randomization test, as `adjustment` asks.
    mutating func adjust(_ rows: [AnalysisRow], with adjustment: ArmAdjustment, level: Double) throws {
        let treated = rows.map { $0.arm == arm }
        if let skipped = adjustment.skipped { diagnostics.append(skipped) }
        if !adjustment.covariates.isEmpty {
            let covariates = try adjustment.covariates.map { c -> (name: String, values: [Double]) in
                (c.name, try rows.map { row in try covariate(c.values, row.unitID, name: c.name) })
            }
            let strata = rows.map(\.stratum)
            estimates.append(
                try ArmComparison.lin(
                    outcome: rows.map(\.value), treated: treated, covariates: covariates,
                    blocks: Set(strata).count > 1 ? strata : nil, confidenceLevel: level))
        }
        if let pre = adjustment.pre {
            let kept = rows.indices.filter { pre.values[rows[$0].unitID] != nil }
            if kept.count < rows.count {
                diagnostics.append(
                    Diagnostic(
                        .data, .info, subject: EstimateMethod.cuped.rawValue,
                        "cuped: \(rows.count - kept.count) of \(rows.count) units have no outcome in period \(pre.period) and are left out of it"
                    ))
            }
            let estimate = try ArmComparison.cuped(
                outcome: kept.map { rows[$0].value }, pre: kept.compactMap { pre.values[rows[$0].unitID] },
                treated: kept.map { treated[$0] }, confidenceLevel: level)
            estimates.append(estimate.estimate)
        }
        if let test = adjustment.inference, let a = adjustment.arms.firstIndex(of: arm),
            let r = adjustment.arms.firstIndex(of: reference)
        {
            let outcome = rows.map { (id: $0.unitID, value: $0.value) }
            let arms = Dictionary(rows.map { ($0.unitID, $0.arm == arm ? a : r) }) { first, _ in first }
            let bar = ProgressBar(total: test.draws, label: "randomization inference")
            inference = try RandomizationInference.test(
                units: test.units, randomizer: test.randomizer, arm: a, reference: r, outcome: outcome,
                observedArms: arms, draws: test.draws, seed: test.seed, progress: bar.update)
            bar.finish()
        }
    }

    private func covariate(_ values: [String: Double], _ unit: String, name: String) throws -> Double {
        guard let value = values[unit] else {
            throw DataError(
                "--adjust: unit '\(unit)' has no recorded '\(name)' (covariates come from the randomization)")
        }
        return value
    }
}
