import ArgumentParser
import Foundation
import G3Data
import G3Design
import G3Registry
import G3Report
import G3Stats

/// What `rct analyze` adjusts with and tests by: covariates recorded at randomization (`--adjust`),
/// the outcome of a period before the rollout (`--pre-period`), and the design's own randomization
/// for Fisher's test (`--ri-draws`).
struct ArmAdjustment {
    /// The design's randomization of every unit, repeated `draws` times from `seed`.
    struct Inference {
        let units: [RandomizationUnit]
        let randomizer: StratifiedRandomizer
        let draws: Int
        let seed: UInt32
    }

    var covariates: [(name: String, values: [String: Double])] = []
    var pre: (period: String, values: [String: Double])?
    var inference: Inference?
    /// Why CUPED did not run although the pre-registered analysis names a pre-period.
    var skipped: Diagnostic?
    /// The design's arm names, to give the test arm indices.
    var arms: [String] = []

    init() {}

    /// Reads what the flags ask for from the registry; an unknown covariate or pre-period is an error.
    /// `prePeriod` may come from the pre-registered analysis (`required` false): without outcomes there
    /// CUPED is skipped with a note instead of stopping the analysis.
    init(
        store: Registry, design: ExperimentDesign, metric: String, adjust: [String], prePeriod: String?,
        preRequired: Bool = true, draws: Int, seed: UInt32
    ) throws {
        arms = design.arms.map(\.name)
        let assignments = try store.assignments(design.id)
        let recorded = try assignments.map { unit -> [String: Double] in
            guard let json = unit.covariatesJSON else { return [:] }
            return try ResultJSON.decode([String: Double].self, from: Data(json.utf8))
        }
        for name in adjust {
            guard design.covariates.contains(name) else {
                throw ValidationError(
                    "--adjust: '\(name)' is not a covariate recorded at randomization (recorded: \(design.covariates.isEmpty ? "none" : design.covariates.joined(separator: ", ")))"
                )
            }
            let values = zip(assignments, recorded).compactMap { unit, c in c[name].map { (unit.unitID, $0) } }
            covariates.append((name, Dictionary(values) { first, _ in first }))
        }
        if let prePeriod {
            try loadPrePeriod(prePeriod, store: store, design: design, metric: metric, required: preRequired)
        }
        guard draws > 0 else { return }
        let units = zip(assignments, recorded).map { unit, c in
            RandomizationUnit(id: unit.unitID, stratum: unit.stratum, covariates: design.covariates.map { c[$0] ?? 0 })
        }
        let columns = design.rerandomization?.covariates.compactMap { design.covariates.firstIndex(of: $0) }
        let randomizer = try StratifiedRandomizer(
            arms: design.arms, rerandomization: design.rerandomization?.rule, rerandomizationColumns: columns)
        inference = Inference(units: units, randomizer: randomizer, draws: draws, seed: seed)
    }

    /// The pre-period's outcomes by unit; without any, an error when `required`, else a note.
    private mutating func loadPrePeriod(
        _ prePeriod: String, store: Registry, design: ExperimentDesign, metric: String, required: Bool
    ) throws {
        let summary = try store.outcomeSummary(design.id)
        guard summary.contains(where: { $0.metric == metric && $0.period == prePeriod }) else {
            guard !required else {
                throw DataError(
                    "pre-period '\(prePeriod)' has no '\(metric)' outcomes: import them with `g3-design outcomes import \(design.id) --file F` (a period column, or --period \(prePeriod))"
                )
            }
            skipped = Diagnostic(
                .skipped, .warning, subject: EstimateMethod.cuped.rawValue,
                "cuped skipped: the pre-registered pre-period '\(prePeriod)' has no '\(metric)' outcomes yet; import them to follow the analysis plan"
            )
            return
        }
        let rows = try store.analysisRows(design.id, metric: metric, period: prePeriod).rows
        pre = (prePeriod, Dictionary(rows.map { ($0.unitID, $0.value) }) { first, _ in first })
    }
}
