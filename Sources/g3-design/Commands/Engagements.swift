import ArgumentParser
import Foundation
import G3Data
import G3Observational
import G3Report

/// `g3-design engagements`: win rates and ARR by engagement type (or any column), with their uncertainty.
struct Engagements: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Win rates and ARR by engagement type or leader, with Wilson and bootstrap intervals.",
        discussion: """
            One row per opportunity. A won opportunity is is_won = 1/true/yes, or, without an \
            is_won column, stage = "Closed Won". Duplicate opportunity ids are counted and removed \
            (the first row is kept), as the original analysis did. Per group: opportunities, won, \
            the win rate with Wilson's interval (R's prop.test(correct = FALSE)), the two-proportion \
            test against all other groups (Holm-adjusted across groups), total ARR won and ARR per \
            won opportunity with percentile bootstrap intervals (seeded). Groups with fewer than \
            --min-group opportunities are flagged "small" and not ranked.

            Example:
              g3-design engagements --data Fixtures/opportunities/opportunities.csv --chart win-rates.svg
              g3-design engagements --data Fixtures/opportunities/opportunities.csv --by level_9
            """)

    @Option(help: "CSV file, one row per opportunity.") var data: String
    @Option(help: "Group by this column (default: the engagement type column).") var by: String?
    @Option(help: "Opportunity id column.") var id = "opportunity_id"
    @Option(help: "Engagement type column.") var type = "engagement_type"
    @Option(help: "Won column (1/0, true/false, yes/no); without it, --stage is read.") var won = "is_won"
    @Option(help: "Stage column, used when there is no won column; \"Closed Won\" means won.") var stage = "stage"
    @Option(help: "ARR column (read for won opportunities; empty means not recorded).") var arr = "arr"
    @Option(help: "Groups with fewer opportunities are flagged small and not ranked.") var minGroup = 30
    @Option(help: "Confidence level.") var level = 0.95
    @Option(help: "Bootstrap resamples for the ARR intervals, 0 (none) to 10,000,000.") var bootstrap = 2000
    @Option(help: "Seed of the bootstrap (MT19937).") var seed: UInt32 = 20261124
    @Option(help: OutputFormat.help) var format: OutputFormat = .table
    @Option(help: "Write the dot-and-interval chart (SVG) to this file.") var chart: String?

    func validate() throws {
        guard level > 0, level < 1 else { throw ValidationError("--level must be a number in (0, 1), got \(level)") }
        guard minGroup >= 1 else { throw ValidationError("--min-group must be ≥ 1, got \(minGroup)") }
        guard (0...10_000_000).contains(bootstrap) else {
            throw ValidationError("--bootstrap must be from 0 to 10,000,000, got \(bootstrap)")
        }
    }

    func run() throws {
        let table = try CSVReader.read(path: data).requiringRows()
        let idColumn = try table.column(id, purpose: "--id")
        let groupColumn = try table.column(by ?? type, purpose: by == nil ? "--type" : "--by")
        let arrColumn = try table.column(arr, purpose: "--arr")
        let wonColumn = table.header.firstIndex(of: won)
        let stageColumn =
            wonColumn == nil ? try table.column(stage, purpose: "--won or --stage (no '\(won)' column)") : nil
        var seen = Set<String>()
        var duplicates = 0
        var groups: [String] = []
        var outcomes: [Bool] = []
        var values: [Double?] = []
        for r in table.rows.indices {
            let row = table.rows[r]
            let opportunity = row[idColumn].trimmedSpaces
            guard !opportunity.isEmpty else {
                throw DataError("\(data):\(table.lines[r]): column '\(id)': the opportunity id is empty")
            }
            guard seen.insert(opportunity).inserted else {
                duplicates += 1
                continue
            }
            let group = row[groupColumn].trimmedSpaces
            guard !CSVTable.isMissing(group) else {
                throw DataError("\(data):\(table.lines[r]): column '\(table.header[groupColumn])': missing value")
            }
            let isWon: Bool
            if let wonColumn {
                switch row[wonColumn].trimmedSpaces.lowercased() {
                case "1", "true", "yes": isWon = true
                case "0", "false", "no": isWon = false
                default:
                    throw DataError(
                        "\(data):\(table.lines[r]): column '\(won)': expected 1/0, true/false or yes/no, got '\(row[wonColumn])'"
                    )
                }
            } else {
                isWon = row[stageColumn!].trimmedSpaces.lowercased() == "closed won"
            }
            groups.append(group)
            outcomes.append(isWon)
            values.append(isWon ? try table.number(row: r, column: arrColumn) : nil)
        }
        let rates = try WinRates(
            group: groups, won: outcomes, arr: values, level: level, minimumGroup: minGroup, bootstrap: bootstrap,
            seed: seed)
        let report = EngagementReport(rates: rates, by: table.header[groupColumn], duplicates: duplicates)
        if duplicates > 0 {
            warn("\(duplicates) duplicate opportunity rows (same \(id)) were removed; the first of each was kept")
        }
        let text: String
        switch format {
        case .table: text = report.table()
        case .json: text = try jsonText(report.document)
        case .csv: text = report.csv()
        }
        if let chart { try write(report.chart().svg(), to: chart, flag: "--chart") }
        print(text, terminator: "")
    }
}
