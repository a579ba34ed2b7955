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
            placebo that should be near zero; the naive engaged-vs-rest comparison is shown for \
            contrast. Every coerced value ("", NULL, nan, text in a number column) is counted per \
            column; --missing says what a missing number means.
            """)

    @Option(help: "The panel CSV: one row per account and month.") var data: String
    @Option(help: "Account id column.") var unit = "sfdc_customer_id"
    @Option(help: "Month column (a date; its month is used).") var month = "ar_date"
    @Option(help: "Engagement date column; empty = never engaged.") var engagement = "firstactivitydate"
    @Option(help: "Outcomes, comma-separated.") var outcomes = "ttl_security_rev,ttl_sls_rev"
    @Option(help: "Numeric baseline covariates, comma-separated (default: the seed schema's that the file has).") var covariates: String?
    @Option(help: "Categorical baseline covariates, comma-separated (default: sub_segment, max_aws_support_level if present).") var categorical: String?
    @Option(help: "Match only within these categorical columns, comma-separated.") var exact: String?
    @Option(help: "Column whose baseline value defines the outlier segments.") var segment = "sub_segment"
    @Option(help: "Outlier rule (segment IQR): none, remove or winsorize.") var outliers: OutlierRule.Mode = .none
    @Option(help: "IQR factor of the outlier rule.") var outlierFactor = 2.5
    @Option(help: "End of the never-engaged accounts' baseline window (YYYY-MM; default: the first engagement).") var baselineEnd: String?
    @Option(help: "A missing number means: missing (left out of means), zero, or drop-row.") var missing: MissingPolicy = .missing
    @OptionGroup(title: "Matching") var matching: MatchingOptions
    @Option(help: "Output format.") var format: ReportFormat = .table
    @Option(help: "Write results.json, balance.csv, effects.csv, love-plot.svg and overlap.svg to this folder.") var out: String?
    @Option(help: "Store the estimates (method psm, estimand ATT) in this registry.") var registry: String?
    @Option(help: "Population label stored with the estimates.") var label: String?

    static let seedNumeric = ["ttl_sls_rev", "ttl_security_rev", "ttl_resiliency_rev", "security_services_count",
                              "resiliency_services_count", "customer_stage_of_adoption_score__c"]
    static let seedCategorical = ["sub_segment", "max_aws_support_level"]

    func validate() throws {
        guard outlierFactor > 0 else { throw ValidationError("--outlier-factor must be positive, got \(outlierFactor)") }
        if let baselineEnd, Month.index(baselineEnd) == nil {
            throw ValidationError("--baseline-end must be a month like 2025-06, got '\(baselineEnd)'")
        }
        if registry != nil, label == nil { throw ValidationError("--registry needs --label (the population the estimates describe)") }
    }

    func run() throws {
        let started = Date()
        let table = try CSVReader.read(path: data)
        let header = table.header // the defaults follow the columns the file has
        let numeric = covariates.map(columnList) ?? Self.seedNumeric.filter(header.contains)
        let labels = categorical.map(columnList) ?? Self.seedCategorical.filter(header.contains)
        let outcomeNames = columnList(outcomes), exactNames = columnList(exact ?? "")
        let segmentColumn = header.contains(segment) ? segment : nil
        let labelColumns = Array(Set(labels + exactNames + [segmentColumn].compactMap { $0 })).sorted()
        let numberColumns = Array(Set(numeric + outcomeNames)).sorted()
        let input = try PanelInput(table: table, columns: PanelColumns(unit: unit, month: month, engagement: engagement,
                                                                     numeric: numberColumns, labels: labelColumns), missing: missing)
        let settings = PanelAnalysis.Settings(
            outcomes: outcomeNames, numericCovariates: numeric, categoricalCovariates: labels, segment: segmentColumn, exact: exactNames,
            matching: try matching.spec(), outliers: OutlierRule(mode: outliers, factor: outlierFactor),
            controlReference: baselineEnd.flatMap(Month.index), bootstrap: matching.bootstrap, level: matching.level)
        let analysis = try PanelAnalysis(panel: input.panel, settings: settings, random: MersenneTwister(seed: matching.seed))
        for note in input.notes + input.coercions.map { "coerced to missing: \($0.summary)" } + analysis.diagnostics { warn(note) }
        let report = PanelReport(analysis: analysis, panel: input.panel, dataNotes: input.notes + input.coercions.map(\.summary),
                                 level: matching.level, seed: matching.seed)
        if let out {
            do {
                try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
                try jsonText(report.document).write(toFile: "\(out)/results.json", atomically: true, encoding: .utf8)
                try report.matchReport.balanceCSV().write(toFile: "\(out)/balance.csv", atomically: true, encoding: .utf8)
                try LovePlot(rows: analysis.matching.balance).svg().write(toFile: "\(out)/love-plot.svg", atomically: true, encoding: .utf8)
                try OverlapPlot(scores: analysis.matching.propensity.scores, treated: analysis.accounts.map { input.panel.accounts[$0].engagementMonth != nil },
                                weights: analysis.matching.sample.weights).svg().write(toFile: "\(out)/overlap.svg", atomically: true, encoding: .utf8)
            } catch {
                throw ValidationError("--out: cannot write to \(out): \(error.localizedDescription)")
            }
        }
        if let registry, let label {
            let estimates = analysis.effects.map { e in
                EstimateRecord(experimentID: nil, method: "psm", estimand: "ATT", metric: e.outcome, population: label, estimate: e.estimate,
                               standardError: e.standardError, degreesOfFreedom: e.degreesOfFreedom, ciLow: e.ciLow, ciHigh: e.ciHigh,
                               pValue: e.pValue, nTreatment: e.nTreated, nControl: e.nControl,
                               diagnosticsJSON: try? jsonText(["relative": e.relative, "notes": analysis.diagnostics], compact: true))
            }
            try Registry(path: registry).recordEstimates(estimates, run: try runRecord("analyze", inputs: [data: try Fingerprint.sha256(file: data)], startedAt: started))
        }
        switch format {
        case .table: print(report.table(), terminator: "")
        case .json: print(try jsonText(report.document), terminator: "")
        }
    }
}

extension OutlierRule.Mode: ExpressibleByArgument {}
extension MissingPolicy: ExpressibleByArgument {}
