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
    @Option(help: "Output format.") var format: ReportFormat = .table
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
        let text = format == .table ? report.table() : try jsonText(report.document)
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

/// The columns of an IV estimation, from a CSV or a registry experiment.
struct IVInput {
    var outcome: NamedColumn
    var endogenous: [NamedColumn], instruments: [NamedColumn], controls: [NamedColumn]
    var clusters: [Int]?
    var notes: [String] = []
    /// For a registry experiment: the population label its estimate is stored under.
    var population: String?

    init(
        path: String, outcome: String, endogenous: [String], instruments: [String], controls: [String],
        cluster: String?, dropMissing: Bool
    ) throws {
        let table = try CSVReader.read(path: path).requiringRows()
        let names = [outcome] + endogenous + instruments + controls
        let columns = try names.map { try table.column($0, purpose: "a model column") }
        let clusterColumn = try cluster.map { try table.column($0, purpose: "--cluster") }
        var rows = Array(table.rows.indices)
        if dropMissing {
            rows = rows.filter { r in
                !(columns + [clusterColumn].compactMap { $0 }).contains { CSVTable.isMissing(table.rows[r][$0]) }
            }
            if rows.count < table.rows.count {
                notes.append("dropped \(table.rows.count - rows.count) rows with a missing value in a used column")
            }
        }
        let values = try columns.map { c in
            try rows.map { r -> Double in
                guard let v = try table.number(row: r, column: c) else {
                    throw DataError(
                        "\(path):\(table.lines[r]): column '\(table.header[c])': missing value; fill it, or pass --drop-missing"
                    )
                }
                return v
            }
        }
        var named = zip(names, values).map { NamedColumn($0, $1) }
        self.outcome = named.removeFirst()
        self.endogenous = Array(named.prefix(endogenous.count))
        named.removeFirst(endogenous.count)
        self.instruments = Array(named.prefix(instruments.count))
        named.removeFirst(instruments.count)
        self.controls = named
        if let clusterColumn {
            var ids: [String: Int] = [:]
            clusters = try rows.map { r in
                let key = table.rows[r][clusterColumn].trimmedSpaces
                guard !CSVTable.isMissing(key) else {
                    throw DataError(
                        "\(path):\(table.lines[r]): column '\(table.header[clusterColumn])': the cluster is missing; fill it, or pass --drop-missing"
                    )
                }
                if ids[key] == nil { ids[key] = ids.count }
                return ids[key]!
            }
        }
    }

    /// The offer (any arm but the first) instruments the recorded take-up of the experiment's units.
    init(experiment: String, metric: String, period: String?, registry: RegistryOptions) throws {
        let (store, design) = try registry.storedDesign(experiment)
        let (rows, chosen) = try store.analysisRows(experiment, metric: metric, period: period)
        let missing = rows.filter { $0.engaged == nil }
        guard missing.isEmpty else {
            throw DataError(
                "\(missing.count) of \(rows.count) units with a '\(metric)' outcome have no recorded take-up (first: \(missing[0].unitID)); import it with `g3-design takeup import`"
            )
        }
        outcome = NamedColumn(metric, rows.map(\.value))
        endogenous = [NamedColumn("takeup", rows.map { $0.engaged! ? 1 : 0 })]
        instruments = [NamedColumn("offer", rows.map { $0.arm == design.arms[0].name ? 0 : 1 })]
        controls = []
        notes =
            design.arms.count > 2
            ? ["\(design.arms.count) arms: every arm but '\(design.arms[0].name)' counts as offered"] : []
        notes.append("experiment \(experiment), metric \(metric), period \(chosen): \(rows.count) units")
        population = "experiment \(experiment): offer instruments take-up, period \(chosen)"
    }
}
