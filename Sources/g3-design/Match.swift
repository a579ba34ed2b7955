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
    @Option(help: "Output format.") var format: ReportFormat = .table
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
        let stdoutText = format == .table ? report.table() : try jsonText(report.document)
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

/// A comma-separated list of column names.
func columnList(_ text: String) -> [String] {
    text.split(separator: ",").map { String($0).trimmedSpaces }.filter { !$0.isEmpty }
}

/// The columns `match` uses, read and checked: every problem names the file, line and column.
struct MatchInput {
    var ids: [String] = []
    var treated: [Bool] = []
    var covariates: [Covariate] = []
    var outcomes: [(name: String, values: [Double])] = []
    var exactStrata: [String]?
    var notes: [String] = []

    init(
        path: String, treatment: String, outcomes outcomeNames: [String], covariates covariateNames: [String],
        categorical: Set<String>, exact: [String], id: String?, dropMissing: Bool
    ) throws {
        guard !outcomeNames.isEmpty else { throw ValidationError("--outcome names no column") }
        guard !covariateNames.isEmpty else { throw ValidationError("--covariates names no column") }
        for (flag, list) in [("--covariates", covariateNames), ("--outcome", outcomeNames), ("--exact", exact)] {
            if let twice = list.first(where: { name in list.filter { $0 == name }.count > 1 }) {
                throw ValidationError("\(flag) names '\(twice)' twice; name each column once")
            }
        }
        let table = try CSVReader.read(path: path).requiringRows()
        let treatmentColumn = try table.column(treatment, purpose: "--treatment")
        let outcomeColumns = try outcomeNames.map { try table.column($0, purpose: "--outcome") }
        let covariateColumns = try covariateNames.map { try table.column($0, purpose: "--covariates") }
        let exactColumns = try exact.map { try table.column($0, purpose: "--exact") }
        let idColumn = try id.map { try table.column($0, purpose: "--id") }
        let used = [treatmentColumn] + outcomeColumns + covariateColumns + exactColumns
        var rows = Array(table.rows.indices)
        if dropMissing {
            rows = rows.filter { r in !used.contains { CSVTable.isMissing(table.rows[r][$0]) } }
            if rows.count < table.rows.count {
                notes.append("dropped \(table.rows.count - rows.count) rows with a missing value in a used column")
            }
        }
        treated = try rows.map { r in
            switch table.rows[r][treatmentColumn].trimmedSpaces.lowercased() {
            case "1", "true": return true
            case "0", "false": return false
            default:
                throw DataError(
                    "\(path):\(table.lines[r]): column '\(treatment)': expected 1 or 0, got '\(table.rows[r][treatmentColumn])'"
                )
            }
        }
        func numbers(_ column: Int) throws -> [Double] {
            try rows.map { r in
                guard let value = try table.number(row: r, column: column) else {
                    throw DataError(
                        "\(path):\(table.lines[r]): column '\(table.header[column])': missing value; fill it, or pass --drop-missing"
                    )
                }
                return value
            }
        }
        for column in covariateColumns {
            let name = table.header[column]
            let numeric =
                !categorical.contains(name)
                && rows.allSatisfy { r in
                    CSVTable.isMissing(table.rows[r][column])
                        || NumberText.read(table.rows[r][column].trimmedSpaces.utf8) != .notANumber
                        || NumberText.looksNumeric(table.rows[r][column].trimmedSpaces.utf8)
                }
            if numeric {
                covariates.append(.numeric(name: name, values: try numbers(column)))
            } else {
                covariates.append(
                    .categorical(
                        name: name,
                        values: try rows.map { r in
                            let value = table.rows[r][column].trimmedSpaces
                            guard !CSVTable.isMissing(value) else {
                                throw DataError(
                                    "\(path):\(table.lines[r]): column '\(name)': missing value; fill it, or pass --drop-missing"
                                )
                            }
                            return value
                        }))
            }
        }
        outcomes = try outcomeColumns.map { (table.header[$0], try numbers($0)) }
        if !exactColumns.isEmpty {
            exactStrata = rows.map { r in exactColumns.map { table.rows[r][$0].trimmedSpaces }.joined(separator: " / ")
            }
        }
        ids = rows.map { r in idColumn.map { table.rows[r][$0] } ?? String(table.lines[r]) }
    }
}
