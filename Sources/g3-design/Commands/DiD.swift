import ArgumentParser
import Foundation
import G3Data
import G3Observational
import G3Report

/// `g3-design did`: difference-in-differences on any long panel.
struct DiD: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "did",
        abstract: "Difference-in-differences on a long panel: TWFE, event study, Callaway & Sant'Anna.",
        discussion: """
            One row per unit and period. Give the treatment as a 0/1 column per row (--treatment) or \
            as each unit's first treated period (--cohort; 0 or empty = never treated). Periods are \
            integers (years, quarter numbers) or dates (their month is used).

            twfe: y = β·treated + unit + period effects, solved by the within transformation, with \
            CR1 standard errors by --cluster (default: the unit) and t(G − 1) inference. \
            event-study: leads and lags around each unit's own treatment (reference −1), a joint \
            Wald test of the leads, and an SVG chart with --out. cs: Callaway & Sant'Anna (2021) \
            ATT(g,t) with never-treated (or not-yet-treated) controls, analytic SEs, the simple, \
            dynamic, group and calendar aggregations and the pre-trend test.

            Example (causaldata's organ donations, California from quarter 4):
              g3-design did --data Fixtures/did/organ_donations.csv --unit State --time Quarter_Num \\
                --outcome Rate --treatment Treated --estimator twfe
            """)

    @Option(help: "The panel CSV, one row per unit and period.") var data: String
    @Option(help: "Unit id column.") var unit: String
    @Option(help: "Period column: an integer or a date.") var time: String
    @Option(help: "Outcome column.") var outcome: String
    @Option(help: "0/1 treatment column (one of --treatment, --cohort).") var treatment: String?
    @Option(help: "First treated period per unit; 0 or empty = never (one of --treatment, --cohort).") var cohort:
        String?
    @Option(help: "Cluster column for the standard errors (default: the unit).") var cluster: String?
    @Option(help: "Estimators, comma-separated: twfe, event-study, cs.") var estimator = "twfe,event-study,cs"
    @Option(help: "Controls of cs: never (never-treated) or not-yet (also the not-yet-treated).") var control:
        ControlChoice = .never
    @Option(help: "Event study: put every relative period ≤ −L in one bin.") var binLeads: Int?
    @Option(help: "Event study: put every relative period ≥ M in one bin.") var binLags: Int?
    @Option(
        help:
            "K in the CR1 factor: lm (every absorbed effect counts) or fixest (effects nested in the clusters do not).")
    var feConvention: FixedEffectsConvention = .lm
    @Option(help: "Confidence level.") var level = 0.95
    @Option(help: OutputFormat.help) var format: OutputFormat = .table
    @Option(help: "Write results.json, effects.csv and event-study.svg to this folder.") var out: String?

    enum ControlChoice: String, ExpressibleByArgument, CaseIterable {
        case never
        case notYet = "not-yet"
    }

    func estimators() throws -> [DiDAnalysis.Estimator] {
        try columnList(estimator).map { name in
            guard let e = DiDAnalysis.Estimator(rawValue: name) else {
                throw ValidationError("--estimator: expected twfe, event-study or cs, got '\(name)'")
            }
            return e
        }
    }

    func validate() throws {
        guard (treatment == nil) != (cohort == nil) else {
            throw ValidationError(
                "give exactly one of --treatment (0/1 per row) and --cohort (first treated period per unit)")
        }
        guard level > 0, level < 1 else { throw ValidationError("--level must be a number in (0, 1), got \(level)") }
        if try estimators().isEmpty { throw ValidationError("--estimator names no estimator") }
        if let binLeads, binLeads < 2 {
            throw ValidationError("--bin-leads must be ≥ 2 (−1 is the reference), got \(binLeads)")
        }
        if let binLags, binLags < 0 { throw ValidationError("--bin-lags must be ≥ 0, got \(binLags)") }
    }

    func run() throws {
        let input = try DiDInput(
            path: data, unit: unit, time: time, outcome: outcome, treatment: treatment, cohort: cohort,
            cluster: cluster, needsCohort: try estimators().contains { $0 != .twfe })
        let panel = input.panel
        var settings = DiDAnalysis.Settings()
        settings.estimators = try estimators()
        settings.control = control == .never ? .neverTreated : .notYetTreated
        settings.binLeads = binLeads
        settings.binLags = binLags
        settings.convention = feConvention
        settings.level = level
        let analysis = try DiDAnalysis(outcome: outcome, panel: panel, settings: settings)
        for note in analysis.diagnostics { warn(note) }
        let monthLabel: @Sendable (Int) -> String = { AccountPanel.label($0) }
        let numberLabel: @Sendable (Int) -> String = { String($0) }
        let report = DiDReport(
            analysis: analysis, level: level, periodLabel: input.periodsAreMonths ? monthLabel : numberLabel)
        let document = try report.document()
        let stdoutText: String
        switch format {
        case .table: stdoutText = try report.table()
        case .json: stdoutText = try jsonText(document)
        case .csv: stdoutText = MatchReport.estimatesCSV(try report.estimates().map { (nil, $0) })
        }
        if let out {
            var files: [(name: String, text: String)] = [
                ("results.json", try jsonText(document)),
                ("effects.csv", MatchReport.estimatesCSV(try report.estimates().map { (nil, $0) }))
            ]
            if let chart = report.eventStudyChart() { files.append(("event-study.svg", chart)) }
            try OutputFolder.write(files, to: out, owns: { $0 == "event-study.svg" })
        }
        print(stdoutText, terminator: "")
    }
}

extension FixedEffectsConvention: ExpressibleByArgument {}
