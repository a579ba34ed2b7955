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
    @Option(help: "Confidence level of the intervals (default: 1 − the analysis block's alpha, else 0.95).")
    var level: Double?
    @Option(help: "Covariates recorded at randomization for Lin's estimator, comma-separated.") var adjust: String?
    @Option(help: "A period before the rollout whose outcome of the same metric CUPED adjusts with.")
    var prePeriod: String?
    @Option(help: "Draws of the design's randomization for Fisher's test, 0 for none.") var riDraws = 10_000
    @Option(help: "Seed of the randomization test's draws (MT19937; draw d uses seed + d).") var seed: UInt32 =
        20_261_124
    @Option(help: OutputFormat.help) var format: OutputFormat = .table
    @OptionGroup var registry: RegistryOptions

    func validate() throws {
        if let level, !(level > 0 && level < 1) {
            throw ValidationError("--level must be a number in (0, 1), got \(level)")
        }
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
        let plan = design.analysis
        let covariates = adjust.map(columnList) ?? (plan?.estimator == .lin ? plan?.covariates ?? [] : [])
        let level = self.level ?? plan.map { 1 - $0.alpha } ?? 0.95
        let registration = plan.map { Registration(plan: $0, deviations: deviations(from: $0)) }
        let adjustment = try ArmAdjustment(
            store: store, design: design, metric: metric, adjust: covariates, prePeriod: prePeriod ?? plan?.prePeriod,
            preRequired: prePeriod != nil || plan?.estimator == .cuped, draws: riDraws, seed: seed)
        let analysis = try analyzeArms(
            store: store, design: design, metric: metric, period: try analysisPeriod(store, plan), level: level,
            adjustment: adjustment, registration: registration)
        let (comparisons, period) = (analysis.comparisons, analysis.period)
        // Rendered before anything is stored, so that a failure leaves the registry as it was.
        let text: String
        switch format {
        case .table:
            text =
                "Experiment \(experiment), metric \(metric), period \(period)\n"
                + comparisons.map { $0.table() + (registration.map { "  \($0.summary)\n" } ?? "") }.joined()
        case .json:
            var document = RCTDocument(
                experiment: experiment, metric: metric, period: period, level: level,
                comparisons: comparisons.map { $0.document(metric: metric) })
            document.preRegistered = registration.map {
                RCTDocument.PreRegistered(
                    estimator: $0.plan.estimator.rawValue, covariates: $0.plan.covariates,
                    prePeriod: $0.plan.prePeriod, alpha: $0.plan.alpha, deviations: $0.deviations)
            }
            text = try jsonText(document)
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
    level: Double, adjustment: ArmAdjustment, registration: Registration?
) throws -> (comparisons: [ArmAnalysis], period: String, records: [EstimateRecord]) {
    let (rows, period) = try store.analysisRows(design.id, metric: metric, period: period)
    let (comparisons, records) = try armAnalyses(
        rows: rows, design: design, metric: metric, period: period, level: level, adjustment: adjustment,
        registration: registration)
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
    level: Double, adjustment: ArmAdjustment = ArmAdjustment(), registration: Registration? = nil
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
        return try zip(c.estimates, c.document(metric: metric).estimates).map { arm, e in
            notes.role = registration?.role(arm.method)
            return try estimateRecord(
                e, population: "experiment \(design.id): \(c.arm) vs \(c.reference), period \(period)", notes: notes,
                experimentID: design.id, evidence: .randomized)
        }
    }
    return (comparisons, estimates)
}

extension RCTAnalyze {
    /// `--period`, or, when the metric has the pre-registered pre-period and one other period, that one.
    func analysisPeriod(_ store: Registry, _ plan: AnalysisPlan?) throws -> String? {
        guard period == nil, let pre = plan?.prePeriod else { return period }
        let periods = try store.outcomeSummary(experiment).filter { $0.metric == metric }.map(\.period)
        let others = periods.filter { $0 != pre }
        return periods.contains(pre) && others.count == 1 ? others[0] : nil
    }

    /// The flags of this run that depart from the pre-registered `plan`, in words.
    func deviations(from plan: AnalysisPlan) -> [String] {
        var found: [String] = []
        if let adjust, Set(columnList(adjust)) != Set(plan.estimator == .lin ? plan.covariates : []) {
            found.append("--adjust \(adjust)")
        }
        if let prePeriod, prePeriod != plan.prePeriod { found.append("--pre-period \(prePeriod)") }
        if let level, abs(level - (1 - plan.alpha)) > 1e-12 { found.append("--level \(level)") }
        return found
    }
}
