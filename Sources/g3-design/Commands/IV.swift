import ArgumentParser
import Foundation
import G3Data
import G3Observational
import G3Registry
import G3Report
import G3Stats

/// `g3-design iv`: instrumental variables.
struct IV: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "iv",
        abstract: "Instrumental variables: 2SLS estimation and the planning of encouragement designs.",
        subcommands: [IVEstimate.self, IVPlanCommand.self])
}

struct IVEstimate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "estimate",
        abstract: "Two-stage least squares with first-stage, Wu–Hausman, Sargan and Anderson–Rubin diagnostics.",
        discussion: """
            From a CSV (--data with --outcome, --endogenous, --instruments, optional --controls) or \
            from a registry experiment (--experiment, --metric): the randomized offer (any arm but \
            the first) instruments the recorded take-up, the outcome is the metric, and the LATE \
            is stored in the registry (method 2sls) with this run.

            Both stages are QR least squares. Standard errors: classical (AER::ivreg's default), \
            HC0, HC1 (the default) or CR1 by --cluster (Stata's factor, estimatr's se_type \
            "stata"), with t(n − k), or t(G − 1) with clusters.

            Example (Wooldridge's mroz, the women in the labour force):
              g3-design iv estimate --data Fixtures/iv/mroz.csv --drop-missing --outcome lwage \\
                --endogenous educ --instruments fatheduc --se classical
            """)

    @Option(help: "CSV file, one row per unit.") var data: String?
    @Option(help: "Outcome column.") var outcome: String?
    @Option(help: "Endogenous regressors, comma-separated.") var endogenous: String?
    @Option(help: "Excluded instruments, comma-separated.") var instruments: String?
    @Option(help: "Exogenous controls (in both stages), comma-separated.") var controls: String?
    @Option(help: "Standard errors: classical, hc0, hc1 or cluster.") var se: SEChoice = .hc1
    @Option(help: "Cluster column (with --se cluster).") var cluster: String?
    @Flag(help: "Drop rows with a missing value in a used column (they are counted); default: stop and name it.")
    var dropMissing = false
    @Option(help: "The registry experiment (instead of --data).") var experiment: String?
    @Option(help: "With --experiment: the outcome metric.") var metric: String?
    @Option(help: "With --experiment: the period (required when the metric has several).") var period: String?
    @Option(help: "Confidence level.") var level = 0.95
    @Option(help: OutputFormat.help) var format: OutputFormat = .table
    @OptionGroup var registry: RegistryOptions

    enum SEChoice: String, ExpressibleByArgument, CaseIterable { case classical, hc0, hc1, cluster }

    func validate() throws {
        guard (data == nil) != (experiment == nil) else {
            throw ValidationError("give --data FILE or --experiment ID, not both")
        }
        if data != nil {
            guard outcome != nil, endogenous != nil, instruments != nil else {
                throw ValidationError("--data needs --outcome, --endogenous and --instruments")
            }
            if metric != nil || period != nil { throw ValidationError("--metric and --period belong to --experiment") }
        } else {
            guard metric != nil else { throw ValidationError("--experiment needs --metric") }
            if outcome != nil || endogenous != nil || instruments != nil || controls != nil {
                throw ValidationError(
                    "with --experiment the outcome, take-up and offer come from the registry; drop --outcome, --endogenous, --instruments and --controls"
                )
            }
        }
        if (se == .cluster) != (cluster != nil) { throw ValidationError("--se cluster and --cluster COL go together") }
        if experiment != nil, cluster != nil {
            throw ValidationError("--cluster is for --data; a registry experiment's units are independent")
        }
        guard level > 0, level < 1 else { throw ValidationError("--level must be a number in (0, 1), got \(level)") }
    }

    func run() throws {
        let started = Date()
        let input =
            try experiment.map { try IVInput(experiment: $0, metric: metric!, period: period, registry: registry) }
            ?? IVInput(
                path: data!, outcome: outcome!, endogenous: columnList(endogenous!),
                instruments: columnList(instruments!),
                controls: columnList(controls ?? ""), cluster: cluster, dropMissing: dropMissing)
        let estimator: CovarianceEstimator
        switch se {
        case .classical: estimator = .classical
        case .hc0: estimator = .hc0
        case .hc1: estimator = .hc1
        case .cluster: estimator = .cluster(input.clusters!)
        }
        let fit = try TwoStageLeastSquares(
            y: input.outcome, endogenous: input.endogenous, instruments: input.instruments,
            controls: input.controls, estimator: estimator, level: level)
        for note in input.notes { warn(note) }
        for diagnostic in fit.diagnostics { warn(diagnostic) }
        let report = IVReport(fit: fit, outcome: input.outcome.name, level: level)
        // Rendered before anything is stored: a failure leaves the registry as it was.
        let text: String
        switch format {
        case .table: text = report.table()
        case .json: text = try jsonText(report.document)
        case .csv: text = try csvText(report.coefficientRows)
        }
        if let experiment, let population = input.population, let late = fit.coefficients.last {
            // The LATE of the offer's compliers is stored with this run, beside `rct analyze`'s estimates.
            let offered = input.instruments[0].values.filter { $0 == 1 }.count
            let estimate = EstimateDocument(
                outcome: input.outcome.name, method: .twoStageLeastSquares, estimand: "LATE", estimate: late.estimate,
                se: late.standardError, df: fit.degreesOfFreedom, ciLow: late.ciLow, ciHigh: late.ciHigh,
                pValue: late.pValue, nTreated: offered, nControl: fit.observations - offered, seMethod: report.seLabel)
            let notes = EstimateNotesDocument(
                diagnostics: fit.diagnostics, firstStageF: fit.firstStages[0].f, seType: report.seLabel)
            let record = try estimateRecord(
                estimate, population: population, notes: notes, experimentID: experiment, evidence: .randomized)
            try registry.openExisting().recordEstimates(
                [record], run: try runRecord("iv estimate", inputs: [:], startedAt: started))
        }
        print(text, terminator: "")
    }
}
