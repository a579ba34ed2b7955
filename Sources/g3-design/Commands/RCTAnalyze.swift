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
            """)

    @Argument(help: "The experiment id.") var experiment: String
    @Option(help: "The outcome metric.") var metric: String
    @Option(help: "The period (required when the metric has several).") var period: String?
    @Option(help: "Confidence level of the intervals.") var level: Double = 0.95
    @Option(help: OutputFormat.help) var format: OutputFormat = .table
    @OptionGroup var registry: RegistryOptions

    func validate() throws {
        guard level > 0, level < 1 else { throw ValidationError("--level must be a number in (0, 1), got \(level)") }
    }

    func run() throws {
        let started = Date()
        let (store, design) = try registry.storedDesign(experiment)
        let analysis = try analyzeArms(store: store, design: design, metric: metric, period: self.period, level: level)
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
    level: Double
) throws -> (comparisons: [ArmAnalysis], period: String, records: [EstimateRecord]) {
    let (rows, period) = try store.analysisRows(design.id, metric: metric, period: period)
    let (comparisons, records) = try armAnalyses(
        rows: rows, design: design, metric: metric, period: period, level: level)
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
    level: Double
) throws -> (comparisons: [ArmAnalysis], records: [EstimateRecord]) {
    let reference = design.arms[0].name
    let comparisons = try design.arms.dropFirst().map(\.name).map { arm in
        try ArmAnalysis(
            rows: rows.filter { $0.arm == arm || $0.arm == reference }, arm: arm, reference: reference, level: level)
    }
    let estimates = try comparisons.flatMap { c in
        let notes = EstimateNotesDocument(
            diagnostics: c.diagnostics, firstStageF: c.firstStageF, firstStageFRobust: c.firstStageRobustF)
        return try c.document(metric: metric).estimates.map { e in
            try estimateRecord(
                e, population: "experiment \(design.id): \(c.arm) vs \(c.reference), period \(period)", notes: notes,
                experimentID: design.id, evidence: .randomized)
        }
    }
    return (comparisons, estimates)
}

/// The estimates of one arm against the reference arm.
struct ArmAnalysis {
    let arm: String, reference: String
    var estimates: [ArmEstimate] = []
    var firstStageF: Double?, firstStageRobustF: Double?
    var diagnostics: [Diagnostic] = []

    init(rows: [AnalysisRow], arm: String, reference: String, level: Double) throws {
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
        .blocked: "blocked (by stratum)", .ittTakeup: "take-up (first stage)", .late: "LATE (Wald / 2SLS)"
    ]

    func table() -> String {
        var table = TextTable([
            ("estimator", .left), ("estimand", .left), ("estimate", .right), ("SE", .right), ("CI", .right),
            ("p", .right), ("n \(arm)", .right), ("n \(reference)", .right)
        ])
        for e in estimates {
            let digits = e.method == .ittTakeup ? 4 : 2
            let (low, high) = e.confidenceInterval
            table.add([
                Self.names[e.method] ?? e.method.rawValue, estimand(e.method), Format.grouped(e.estimate, digits),
                Format.grouped(e.standardError, digits),
                "[\(Format.grouped(low, digits)), \(Format.grouped(high, digits))]",
                Format.pValue(e.pValue),
                Format.grouped(Double(e.nTreatment)), Format.grouped(Double(e.nControl))
            ])
        }
        var text = "\n\(arm) vs \(reference)\n" + table.render()
        if let f = firstStageF, let robust = firstStageRobustF {
            text += "  first-stage F \(Format.fixed(f, 2)) (HC1-robust \(Format.fixed(robust, 2)))\n"
        }
        return text
    }

    /// This comparison's part of the results document.
    func document(metric: String) -> RCTDocument.Comparison {
        RCTDocument.Comparison(
            arm: arm, reference: reference,
            estimates: estimates.map { EstimateDocument($0, outcome: metric, estimand: estimand($0.method)) },
            firstStageF: firstStageF, firstStageFRobust: firstStageRobustF, diagnostics: diagnostics)
    }
}
