import ArgumentParser
import Foundation
import G3Data
import G3Observational
import G3Report
import G3Stats

/// `g3-design match`: propensity score matching on a table with one row per unit.
struct Match: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Propensity score matching, balance and the effect on the treated, one row per unit.",
        discussion: """
            Fits P(treated | covariates) by logistic regression (numeric covariates as they are, \
            text covariates one-hot with the first level in byte order dropped, as R's glm), then \
            matches each treated unit to its nearest control on the logit of the score, greedily \
            and without replacement, within a caliper of 0.2 SD (Austin 2011) by default. Balance \
            is judged by standardized mean differences (treated SD), variance ratios and eCDFs, \
            never by p-values. The ATT's SE is clustered by matched pair; the pair bootstrap \
            (seeded) gives percentile and BCa intervals.

            Example (MatchIt's lalonde):
              g3-design match --data Fixtures/lalonde/lalonde.csv --treatment treat --outcome re78 \\
                --covariates age,educ,race,married,nodegree,re74,re75
            """)

    @Option(help: "CSV file, one row per unit.") var data: String
    @Option(help: "0/1 treatment column.") var treatment: String
    @Option(help: "Outcome columns, comma-separated.") var outcome: String
    @Option(help: "Covariates of the propensity model, comma-separated.") var covariates: String
    @Option(help: "Covariates to treat as categorical even if numeric, comma-separated.") var categorical: String?
    @Option(help: "Unit id column, for pairs.csv (default: row numbers).") var id: String?
    @Option(help: "Match only within the strata of these columns, comma-separated.") var exact: String?
    @OptionGroup(title: "Matching") var matching: MatchingOptions
    @Flag(help: "Drop rows with a missing value in a used column (default: stop with an error naming it).")
    var dropMissing = false
    @Option(help: OutputFormat.help) var format: OutputFormat = .table
    @Option(
        help: "Write results.json, balance.csv, pairs.csv, effects.csv, love-plot.svg and overlap.svg to this folder.")
    var out: String?

    func run() throws {
        let input = try MatchInput(
            path: data, treatment: treatment, outcomes: columnList(outcome), covariates: columnList(covariates),
            categorical: Set(columnList(categorical ?? "")), exact: columnList(exact ?? ""), id: id,
            dropMissing: dropMissing)
        let choices = try matching.resolved()
        let analysis = try MatchingAnalysis(
            covariates: input.covariates, treated: input.treated, outcomes: input.outcomes,
            exact: input.exactStrata, spec: choices.spec, level: choices.level,
            bootstrap: choices.bootstrap, random: MersenneTwister(seed: choices.seed))
        for note in input.notes { warn(note) }
        for diagnostic in analysis.diagnostics { warn(diagnostic) }
        let report = MatchReport(analysis: analysis, level: choices.level, seed: choices.seed)
        let stdoutText: String
        switch format {
        case .table: stdoutText = report.table()
        case .json: stdoutText = try jsonText(report.document)
        case .csv: stdoutText = report.effectsCSV()
        }
        if let out {
            try OutputFolder.write(
                [
                    ("results.json", try jsonText(report.document)), ("balance.csv", report.balanceCSV()),
                    ("pairs.csv", report.pairsCSV(ids: input.ids)), ("effects.csv", report.effectsCSV()),
                    ("love-plot.svg", LovePlot(rows: analysis.balance).svg()),
                    (
                        "overlap.svg",
                        OverlapPlot(
                            scores: analysis.propensity.scores, treated: input.treated, weights: analysis.sample.weights
                        ).svg()
                    )
                ], to: out)
        }
        print(stdoutText, terminator: "")
    }
}
