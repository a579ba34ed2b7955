import ArgumentParser
import Foundation
import G3Data
import G3Observational
import G3Registry
import G3Report
import G3Stats

/// `g3-design analyze`: the observational analysis of a customer-month panel.
struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Observational analysis of a customer-month panel: baseline, matching, balance, effects.",
        discussion: """
            An account is engaged when its engagement date is set. Baseline covariates are averaged \
            over the months *before* each account's reference month (its engagement month, or for \
            never-engaged accounts the earliest engagement in the data, or --baseline-end), so the \
            treatment never leaks into the propensity model. Accounts are matched on the logit of \
            the propensity score; each matched control inherits its partner's engagement month, \
            and the effect compares the months after it. The same pairs before engagement give a \
            placebo that should be near zero, placebo treatments among the controls show the \
            estimator's spread under no effect, and the naive engaged-vs-rest comparison is shown for \
            contrast. After matching: difference-in-differences on the matched panel (2×2, TWFE, \
            event study, Callaway & Sant'Anna), the ATT by k-means account cluster, Rosenbaum bounds, \
            E-values and Holm/BH across outcomes (--skip switches steps off). Every coerced value \
            ("", NULL, nan, text in a number column) is counted per column; --missing says what a \
            missing number means. A design file (kind: observational) maps other column names and \
            fixes these choices; flags override it.
            """)

    @Option(help: "The panel CSV: one row per account and month (or --source with --table or --query).")
    var data: String?
    @OptionGroup(title: "PostgreSQL source") var sourceOptions: SourceOptions
    @Flag(
        help:
            "With --source: fetch every row and reduce the baselines here instead of in the database (faster from a server on this machine; the pushdown sends far less over a network)."
    )
    var noPushdown = false
    @Option(help: "A design file of kind: observational (column names and analysis choices); flags override it.")
    var design: String?
    @Option(help: "Account id column (default: sfdc_customer_id).") var unit: String?
    @Option(help: "Month column, a date whose month is used (default: ar_date).") var month: String?
    @Option(help: "Engagement date column; empty = never engaged (default: firstactivitydate).") var engagement: String?
    @Option(help: "Engagement type column, for the breakdown (default: first_engagement_type).") var engagementType:
        String?
    @Option(help: "Outcomes, comma-separated (default: ttl_security_rev,ttl_sls_rev).") var outcomes: String?
    @Option(help: "Numeric baseline covariates, comma-separated (default: the seed schema's that the file has).")
    var covariates: String?
    @Option(
        help:
            "Categorical baseline covariates, comma-separated (default: sub_segment, max_aws_support_level if present)."
    ) var categorical: String?
    @Option(help: "Match only within these categorical columns, comma-separated.") var exact: String?
    @Option(help: "Column whose baseline value defines the outlier segments (default: sub_segment).") var segment:
        String?
    @Option(help: "Outlier rule (segment IQR): none, remove or winsorize (default: none).") var outliers:
        OutlierRule.Mode?
    @Option(help: "IQR factor of the outlier rule (default: 2.5, as the original).") var outlierFactor: Double?
    @Option(help: "End of the never-engaged accounts' baseline window (YYYY-MM; default: the first engagement).")
    var baselineEnd: String?
    @Option(help: "A missing number means: missing (left out of means), zero, or drop-row (default: missing).")
    var missing: MissingPolicy?
    @OptionGroup(title: "Matching") var matching: MatchingOptions
    @Option(
        help:
            "Placebo treatments drawn at random among the controls (seeded), to show where the real ATT falls; 0 for none, at most 1,000,000 (default: 200)."
    )
    var placeboDraws: Int?
    @Option(
        help:
            "Steps after matching to switch off, comma-separated: did (every difference-in-differences: 2×2, TWFE, event study, Callaway & Sant'Anna), event-study, cs, clusters, sensitivity."
    )
    var skip: String?
    @Option(help: "k of the account clusters, or auto (the silhouette's choice in 2…8) (default: 5).") var clusters:
        String?
    @Option(help: "Event study: put every relative month ≤ −L in one bin.") var binLeads: Int?
    @Option(help: "Event study: put every relative month ≥ M in one bin.") var binLags: Int?
    @Option(help: "K in the CR1 factor of the TWFE: lm or fixest (default: lm).") var feConvention:
        FixedEffectsConvention?
    @Flag(help: "Print the wall time of each step to stderr.") var timings = false
    @Flag(
        help:
            "No progress line while the panel is read (it shows only when stderr is a terminal and the read takes over a second)."
    )
    var quiet = false
    @Option(help: OutputFormat.help) var format: OutputFormat = .table
    @Option(
        help: "Write results.json, balance.csv, pairs.csv, effects.csv, love-plot.svg and overlap.svg to this folder.")
    var out: String?
    @Option(help: "Store the estimates (methods psm, did-2x2, twfe, cs-simple; estimand ATT) in this registry.")
    var registry: String?
    @Option(help: "Population label stored with the estimates (default with --design: the design's id).") var label:
        String?
    @Option(help: "Link the stored estimates to this experiment of the registry, for `compare` (needs --registry).")
    var experiment: String?

    func validate() throws {
        try sourceOptions.validate(file: data, flag: "--data")
        if noPushdown, sourceOptions.source == nil { throw ValidationError("--no-pushdown goes with --source") }
        if let outlierFactor, outlierFactor <= 0 {
            throw ValidationError("--outlier-factor must be positive, got \(outlierFactor)")
        }
        if let binLeads, binLeads < 2 {
            throw ValidationError("--bin-leads must be ≥ 2 (−1 is the reference), got \(binLeads)")
        }
        if let binLags, binLags < 0 { throw ValidationError("--bin-lags must be ≥ 0, got \(binLags)") }
        if let placeboDraws, !(0...1_000_000).contains(placeboDraws) {
            throw ValidationError("--placebo-draws must be from 0 to 1,000,000, got \(placeboDraws)")
        }
        if let baselineEnd, Month.index(baselineEnd) == nil {
            throw ValidationError("--baseline-end must be a month like 2025-06, got '\(baselineEnd)'")
        }
        if registry != nil, label == nil, design == nil {
            throw ValidationError("--registry needs --label (the population the estimates describe) or --design")
        }
        if experiment != nil, registry == nil {
            throw ValidationError("--experiment needs --registry (the registry that holds the experiment)")
        }
    }

    /// The design file's choices (or the defaults) with the flags given on top.
    func choices(_ designFile: ObservationalDesign?) throws -> PanelChoices {
        var c = designFile?.choices ?? PanelChoices()
        if let unit { c.unit = unit }
        if let month { c.month = month }
        if let engagement { c.engagement = engagement }
        if let engagementType { c.engagementType = engagementType }
        if let outcomes { c.outcomes = columnList(outcomes) }
        if let covariates { c.numeric = columnList(covariates) }
        if let categorical { c.categorical = columnList(categorical) }
        if let exact { c.exact = columnList(exact) }
        if let segment { c.segment = segment }
        if let outliers { c.outliers.mode = outliers }
        if let outlierFactor { c.outliers.factor = outlierFactor }
        if let baselineEnd { c.baselineEnd = baselineEnd }
        if let missing { c.missing = missing }
        if let placeboDraws { c.placeboDraws = placeboDraws }
        if let skip {
            c.skip = Set(
                try columnList(skip).map { name in
                    guard let step = PanelAnalysis.FollowUp(rawValue: name) else {
                        throw ValidationError(
                            "--skip: expected did, event-study, cs, clusters or sensitivity, got '\(name)'")
                    }
                    return step
                })
        }
        if let clusters {
            if clusters == "auto" {
                c.clusters = nil
            } else {
                guard let k = Int(clusters), k >= 2 else {
                    throw ValidationError("--clusters must be a whole number ≥ 2 or auto, got '\(clusters)'")
                }
                c.clusters = k
            }
        }
        c.matching = try matching.resolved(over: c.matching)
        try PanelRoles.check(c)
        if c.matching.spec.varianceMatches > 0 {
            throw ValidationError(
                "--ai-variance-matches is for match only: in a panel a control's outcome depends on its partner's month"
            )
        }
        guard !c.outcomes.isEmpty else { throw ValidationError("--outcomes names no column") }
        return c
    }

    func run() throws {
        let started = Date()
        let designFile = try design.map { path in try ObservationalDesign(YAMLObject(contentsOf: path)) }
        let c = try choices(designFile)
        if sourceOptions.explain { return try explain(c) }
        // The experiment and the registry are checked before the work, so that a typo costs nothing.
        let experimentUnits = try experiment.map { id in
            guard let registry else { throw ValidationError("--experiment needs --registry") }
            return try RegistryOptions.experimentUnits(id, registryAt: registry)
        }
        // An existing registry is opened (and so checked) now; a new one is created only when there are estimates to store.
        let existing = try registry.flatMap { path in
            FileManager.default.fileExists(atPath: path) ? try Registry(path: path) : nil
        }
        let clock = ContinuousClock()
        let readStart = clock.now
        let source = try PanelSource(
            data: data, options: sourceOptions, pushdown: !noPushdown, fingerprinting: registry != nil)
        let (input, roles) = try readPanel(c, source: source)
        let readTime = clock.now - readStart
        let readPeak = peakResidentMegabytes()
        // What the read let go of goes back to the kernel before the analysis (0.9 GB at 100×).
        releaseFreedMemory()
        let analysis = try PanelAnalysis(panel: input.panel, settings: settings(c, roles), seed: c.matching.seed)
        for note in input.notes
            + input.coercions.map({ $0.total > 0 ? "coerced to missing: \($0.summary)" : "read: \($0.summary)" })
        { warn(note) }
        for diagnostic in analysis.diagnostics { warn(diagnostic) }
        let report = PanelReport(
            analysis: analysis, panel: input.panel, dataNotes: input.notes + input.coercions.map(\.summary),
            level: c.matching.level, seed: c.matching.seed)
        // Everything is rendered and the registry opened before anything is written (all or nothing).
        let document = try report.document(
            excluded: input.excluded.map {
                ExcludedAccountDocument(
                    id: $0.id, engagementMonth: AccountPanel.label($0.engagementMonth), reason: $0.reason)
            })
        let stdoutText: String
        switch format {
        case .table: stdoutText = try report.table()
        case .json: stdoutText = try jsonText(document)
        case .csv: stdoutText = report.effectsCSV()
        }
        let storeEstimates = {
            guard let path = registry, let label = label ?? designFile?.id else { return }
            let store = try existing ?? Registry(path: path)
            let shared = experimentUnits.map { units in
                analysis.accounts.filter { units.contains(input.panel.accounts[$0].id) }.count
            }
            let estimates = try report.registryEstimates().map {
                try estimateRecord(
                    $0, population: label,
                    notes: EstimateNotesDocument(diagnostics: analysis.diagnostics, relative: $0.relative),
                    experimentID: experiment, sharedUnits: shared)
            }
            try store.recordEstimates(
                estimates,
                run: try runRecord("analyze", inputs: [source.label: try source.sha256()], startedAt: started))
        }
        if let out {
            try OutputFolder.write(
                try outputFiles(report, analysis: analysis, input: input, document: document), to: out,
                owns: Self.isResultFile, commit: storeEstimates)
        } else {
            try storeEstimates()
        }
        if timings {
            Self.printTimings(read: readTime, readPeakMB: readPeak, analysis: analysis, total: clock.now - readStart)
        }
        print(stdoutText, terminator: "")
    }

    /// The panel and its columns' roles (the defaults follow the columns the file has; a numeric
    /// covariate that holds only text is read again as categorical), with the read's progress line.
    func readPanel(_ c: PanelChoices, source: PanelSource) throws -> (PanelInput, PanelRoles) {
        var roles = try PanelRoles.resolve(c, header: source.header)
        try Self.checkCovariatesAndSegment(roles, choices: c, source: source.label, header: source.header)
        let read = { (roles: PanelRoles) in
            try source.read(
                panelColumns(c, roles, header: source.header), missing: c.missing,
                controlReference: c.baselineEnd.flatMap(Month.index), quiet: quiet)
        }
        var input = try read(roles)
        if !roles.moveTextCovariates(input.coercions, rows: input.rows).isEmpty {
            input = try read(roles)
        }
        try Self.checkOutcomesHaveNumbers(c.outcomes, input: input, source: source.label)
        return (input, roles)
    }

    /// `--explain`: the statements a read from PostgreSQL runs (connecting, to learn the columns' types).
    func explain(_ c: PanelChoices) throws {
        let warehouse = try WarehousePanel(options: sourceOptions, pushdown: !noPushdown)
        let roles = try PanelRoles.resolve(c, header: warehouse.header)
        try Self.checkCovariatesAndSegment(roles, choices: c, source: warehouse.label, header: warehouse.header)
        let columns = panelColumns(c, roles, header: warehouse.header)
        try columns.check(header: warehouse.header, source: warehouse.label)
        print(warehouse.statements(warehouse.plan(columns, missing: c.missing)), terminator: "")
    }

    /// The analysis settings from the resolved choices and column roles.
    func settings(_ c: PanelChoices, _ roles: PanelRoles) -> PanelAnalysis.Settings {
        var settings = PanelAnalysis.Settings()
        settings.outcomes = c.outcomes
        settings.numericCovariates = roles.numeric
        settings.categoricalCovariates = roles.categorical
        settings.segment = roles.segment
        settings.exact = c.exact
        settings.matching = c.matching.spec
        settings.outliers = c.outliers
        settings.controlReference = c.baselineEnd.flatMap(Month.index)
        settings.bootstrap = c.matching.bootstrap
        settings.level = c.matching.level
        settings.placeboDraws = c.placeboDraws
        settings.steps = Set(PanelAnalysis.FollowUp.allCases).subtracting(c.skip)
        settings.clusterCount = c.clusters
        settings.binLeads = binLeads
        settings.binLags = binLags
        settings.convention = feConvention ?? .lm
        return settings
    }

    /// `--timings`: the wall time of reading and of each analysis step, on stderr.
    static func printTimings(read: Duration, readPeakMB: Int, analysis: PanelAnalysis, total: Duration) {
        func seconds(_ d: Duration) -> Double {
            Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
        }
        let steps =
            [("read and parse the panel", seconds(read), readPeakMB)]
            + analysis.timings.map { ($0.step, $0.seconds, $0.peakMB) }
        for (step, s, peak) in steps {
            FileHandle.standardError.write(
                Data("timing: \(step): \(String(format: "%.3f", s)) s (peak RSS so far \(peak) MB)\n".utf8))
        }
        FileHandle.standardError.write(Data("timing: total so far: \(String(format: "%.3f", seconds(total))) s\n".utf8))
    }

    /// The names of the files `analyze --out` may write (charts per outcome vary with the steps run).
    static func isResultFile(_ name: String) -> Bool {
        [
            "results.json", "balance.csv", "pairs.csv", "effects.csv", "excluded-accounts.csv", "love-plot.svg",
            "overlap.svg"
        ].contains(name)
            || (name.hasSuffix(".svg") && (name.hasPrefix("event-study-") || name.hasPrefix("clusters-")))
    }

    /// The files of `--out`, rendered in memory.
    func outputFiles(_ report: PanelReport, analysis: PanelAnalysis, input: PanelInput, document: PanelDocument) throws
        -> [(name: String, text: String)]
    {
        var files: [(name: String, text: String)] = [
            ("results.json", try jsonText(document)),
            ("balance.csv", report.matchReport.balanceCSV()),
            ("pairs.csv", report.matchReport.pairsCSV(ids: analysis.accounts.map { input.panel.accounts[$0].id })),
            ("effects.csv", report.effectsCSV()),
            ("love-plot.svg", LovePlot(rows: analysis.matching.balance).svg()),
            (
                "overlap.svg",
                OverlapPlot(
                    scores: analysis.matching.propensity.scores,
                    treated: analysis.accounts.map { input.panel.accounts[$0].engagementMonth != nil },
                    weights: analysis.matching.sample.weights
                ).svg()
            )
        ]
        files += report.followUpCharts().map { ($0.file, $0.svg) }
        if !input.excluded.isEmpty {
            files.append(
                (
                    "excluded-accounts.csv",
                    "id,engagement_month,reason\n"
                        + input.excluded.map {
                            CSV.line([$0.id, AccountPanel.label($0.engagementMonth), $0.reason]) + "\n"
                        }.joined()
                ))
        }
        return files
    }
}

extension Analyze {
    /// The columns the reader keeps: text roles and number roles (a column may be both).
    func panelColumns(_ c: PanelChoices, _ roles: PanelRoles, header: [String]) -> PanelColumns {
        let labels = Array(Set(roles.categorical + c.exact + [roles.segment].compactMap { $0 })).sorted()
        let clusterColumns = c.skip.contains(.clusters) ? [] : AccountClusters.baseColumns.filter(header.contains)
        let numbers = Array(Set(roles.numeric + c.outcomes + clusterColumns)).sorted()
        return PanelColumns(
            unit: c.unit, month: c.month, engagement: c.engagement, engagementType: c.engagementType,
            numeric: numbers, labels: labels, outcomes: c.outcomes)
    }

    /// A propensity model needs terms, and an outlier rule needs its segment column.
    static func checkCovariatesAndSegment(
        _ roles: PanelRoles, choices c: PanelChoices, source: String, header: [String]
    ) throws {
        if roles.numeric.isEmpty, roles.categorical.isEmpty {
            let schema = SeedSchema.numeric + SeedSchema.categorical
            throw DataError(
                "\(source): no baseline covariates for the propensity model: the file has none of the seed schema's (\(schema.joined(separator: ", ")))\(TypedCSVReader.caseHint(schema, in: header)); name them with --covariates and --categorical, or in the design file"
            )
        }
        if roles.segment == nil, c.outliers.mode != .none {
            throw DataError(
                "\(source): no column '\(c.segment)' for the outlier segments of --outliers \(c.outliers.mode.rawValue); name it with --segment, or pass --outliers none"
            )
        }
    }

    /// An outcome with no number at all (every value text or missing) cannot be analysed.
    static func checkOutcomesHaveNumbers(_ outcomes: [String], input: PanelInput, source: String) throws {
        for name in outcomes {
            guard let report = input.coercions.first(where: { $0.column == name }), report.total >= input.rows else {
                continue
            }
            throw DataError("\(source): column '\(name)' (an outcome) has no numbers: \(report.summary)")
        }
    }
}

extension OutlierRule.Mode: ExpressibleByArgument {}
extension MissingPolicy: ExpressibleByArgument {}
