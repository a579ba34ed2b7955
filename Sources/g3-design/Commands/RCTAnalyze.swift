import ArgumentParser
import Foundation
import G3Design
import G3Registry
import G3Report
import G3Stats

/// `g3-design rct analyze`.
struct RCT: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rct", abstract: "Analyze the arms of a randomized experiment.", subcommands: [RCTAnalyze.self])
}

struct RCTAnalyze: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Estimate the effect from the randomized arms and record it in the registry.",
        discussion: """
            For each arm against the reference (first) arm: the difference in means with the \
            Neyman (HC2) standard error and Welch degrees of freedom; the same difference with the \
            classical pooled SE and n − 2 degrees of freedom (lm, LaLonde 1986); the blocked estimator \
            (strata weighted by size, N − 2B degrees of freedom); and, when take-up is recorded, \
            the effect of the offer on take-up (first stage), the ITT and the LATE (Wald / 2SLS \
            with the assignment as instrument, HC1) with the first-stage F. Conventions of R's \
            estimatr (difference_in_means, iv_robust). Estimates are stored with this run.

            Precision from data the design already holds: --adjust adds Lin's (2013) estimator on \
            covariates recorded at randomization (centred, interacted with the arm, with the \
            strata's indicators, HC2; estimatr::lm_lin), --pre-period CUPED on the outcome of a \
            period before the rollout (Deng et al. 2013). The table shows the share of the \
            difference in means' variance each removes. Fisher's randomization test repeats the \
            design's own randomization (strata, rounding, re-randomization) --ri-draws times: after \
            re-randomization it is the test the design guarantees (Morgan & Rubin 2012).
            """)

    @Argument(help: "The experiment id.") var experiment: String
    @Option(help: "The outcome metric.") var metric: String
    @Option(help: "The period (required when the metric has several).") var period: String?
    @Option(help: "Confidence level of the intervals.") var level: Double = 0.95
    @Option(help: "Covariates recorded at randomization for Lin's estimator, comma-separated.") var adjust: String?
    @Option(help: "A period before the rollout whose outcome of the same metric CUPED adjusts with.")
    var prePeriod: String?
    @Option(help: "Draws of the design's randomization for Fisher's test, 0 for none.") var riDraws = 10_000
    @Option(help: "Seed of the randomization test's draws (MT19937; draw d uses seed + d).") var seed: UInt32 =
        20_261_124
    @Option(help: OutputFormat.help) var format: OutputFormat = .table
    @OptionGroup var registry: RegistryOptions

    func validate() throws {
        guard level > 0, level < 1 else { throw ValidationError("--level must be a number in (0, 1), got \(level)") }
        guard (0...10_000_000).contains(riDraws) else {
            throw ValidationError("--ri-draws must be from 0 to 10,000,000, got \(riDraws)")
        }
        guard adjust.map({ !columnList($0).isEmpty }) ?? true else {
            throw ValidationError("--adjust: give at least one covariate")
        }
    }

    func run() throws {
        let started = Date()
        let (store, design) = try registry.storedDesign(experiment)
        let adjustment = try ArmAdjustment(
            store: store, design: design, metric: metric, adjust: columnList(adjust ?? ""), prePeriod: prePeriod,
            draws: riDraws, seed: seed)
        let analysis = try analyzeArms(
            store: store, design: design, metric: metric, period: self.period, level: level, adjustment: adjustment)
        let (comparisons, period) = (analysis.comparisons, analysis.period)
        // Rendered before anything is stored, so that a failure leaves the registry as it was.
        let text: String
        switch format {
        case .table:
            text =
                "Experiment \(experiment), metric \(metric), period \(period)\n"
                + comparisons.map { $0.table() }.joined()
        case .json:
            text = try jsonText(
                RCTDocument(
                    experiment: experiment, metric: metric, period: period, level: level,
                    comparisons: comparisons.map { $0.document(metric: metric) }))
        case .csv:
            text = MatchReport.estimatesCSV(
                comparisons.flatMap { c in
                    c.document(metric: metric).estimates.map { ("\(c.arm) vs \(c.reference)", $0) }
                })
        }
        try store.recordEstimates(analysis.records, run: try runRecord("rct analyze", inputs: [:], startedAt: started))
        for c in comparisons { for diagnostic in c.diagnostics { warn(diagnostic) } }
        print(text, terminator: "")
    }
}

/// Estimates every arm of `design` against its reference arm on `metric`, with the registry records
/// to store (the caller stores them in one transaction once its output is rendered).
func analyzeArms(
    store: Registry, design: ExperimentDesign, metric: String, period: String?,
    level: Double, adjustment: ArmAdjustment
) throws -> (comparisons: [ArmAnalysis], period: String, records: [EstimateRecord]) {
    let (rows, period) = try store.analysisRows(design.id, metric: metric, period: period)
    let (comparisons, records) = try armAnalyses(
        rows: rows, design: design, metric: metric, period: period, level: level, adjustment: adjustment)
    return (comparisons, period, records)
}

/// The registry records of every arm against the reference arm, from rows already in hand.
func armRecords(rows: [AnalysisRow], design: ExperimentDesign, metric: String, period: String, level: Double) throws
    -> [EstimateRecord]
{
    try armAnalyses(rows: rows, design: design, metric: metric, period: period, level: level).records
}

func armAnalyses(
    rows: [AnalysisRow], design: ExperimentDesign, metric: String, period: String,
    level: Double, adjustment: ArmAdjustment = ArmAdjustment()
) throws -> (comparisons: [ArmAnalysis], records: [EstimateRecord]) {
    let reference = design.arms[0].name
    let comparisons = try design.arms.dropFirst().map(\.name).map { arm in
        try ArmAnalysis(
            rows: rows.filter { $0.arm == arm || $0.arm == reference }, arm: arm, reference: reference, level: level,
            adjustment: adjustment)
    }
    let estimates = try comparisons.flatMap { c in
        var notes = EstimateNotesDocument(
            diagnostics: c.diagnostics, firstStageF: c.firstStageF, firstStageFRobust: c.firstStageRobustF)
        notes.randomizationPValue = c.inference?.pValue
        notes.randomizationDraws = c.inference?.draws
        return try c.document(metric: metric).estimates.map { e in
            try estimateRecord(
                e, population: "experiment \(design.id): \(c.arm) vs \(c.reference), period \(period)", notes: notes,
                experimentID: design.id, evidence: .randomized)
        }
    }
    return (comparisons, estimates)
}
