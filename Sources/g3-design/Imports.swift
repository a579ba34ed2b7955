import ArgumentParser
import Foundation
import G3Data
import G3Registry

/// `g3-design outcomes import`.
struct Outcomes: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import outcomes of an experiment's units.", subcommands: [OutcomesImport.self])
}

struct OutcomesImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Upsert outcome values from a CSV, all or nothing.",
        discussion: """
            Long format: columns for the unit, `metric`, `value` and `period` (or --period). Wide \
            format: one column per metric (or --metrics), and `period` or --period. Values are \
            keyed by (experiment, unit, metric, period); a second import of the same key replaces \
            the value. Missing values ("", NULL, NA, nan) are skipped and counted; text where a \
            number belongs, or a unit id not in the experiment, stops the import before anything \
            is written.
            """)

    @Argument(help: "The experiment id.") var experiment: String
    @Option(help: "The CSV file.") var file: String
    @Option(help: "The period of every value (when the file has no `period` column), e.g. 2026-12.") var period: String?
    @Option(help: "Wide format: the metric columns to import (default: every column but the unit and period).")
    var metrics: String?
    @Option(help: "The unit id column (default: the design's unit id column, else unit_id).") var unitColumn: String?
    @OptionGroup var registry: RegistryOptions

    func run() throws {
        let started = Date()
        let table = try CSVReader.read(path: file)
        let store = try registry.openExisting()
        let unitColumn = try table.column(try self.unitColumn ?? defaultUnitColumn(store, experiment, table), purpose: "the unit id")
        let periodColumn = table.header.firstIndex(of: "period")
        if periodColumn == nil, period == nil { throw ValidationError("\(file) has no 'period' column: give --period") }
        var values: [OutcomeValue] = []
        var skipped = 0
        func periodOf(_ row: Int) throws -> String {
            if let periodColumn {
                let text = table.rows[row][periodColumn].trimmedSpaces
                guard !CSVTable.isMissing(text) else { throw DataError("\(file):\(table.lines[row]): column 'period': the period is missing") }
                return text
            }
            return period!
        }
        if let metricColumn = table.header.firstIndex(of: "metric"), let valueColumn = table.header.firstIndex(of: "value") {
            for row in table.rows.indices {
                guard let value = try table.number(row: row, column: valueColumn) else { skipped += 1; continue }
                values.append(OutcomeValue(unitID: table.rows[row][unitColumn].trimmedSpaces,
                                           metric: table.rows[row][metricColumn].trimmedSpaces,
                                           period: try periodOf(row), value: value))
            }
        } else {
            let names = metrics.map { $0.split(separator: ",").map { String($0).trimmedSpaces } }
                ?? table.header.enumerated().filter { $0.offset != unitColumn && $0.offset != periodColumn }.map(\.element)
            let columns = try names.map { try table.column($0, purpose: "a metric") }
            guard !columns.isEmpty else { throw ValidationError("\(file) has no metric columns besides the unit and period") }
            for row in table.rows.indices {
                for column in columns {
                    guard let value = try table.number(row: row, column: column) else { skipped += 1; continue }
                    values.append(OutcomeValue(unitID: table.rows[row][unitColumn].trimmedSpaces,
                                               metric: table.header[column], period: try periodOf(row), value: value))
                }
            }
        }
        try checkNoDuplicateKeys(values)
        let run = try runRecord("outcomes import", inputs: [file: try Fingerprint.sha256(file: file)], startedAt: started)
        let written = try store.importOutcomes(experiment, values, run: run)
        print("imported \(written) outcome values into '\(experiment)'" + (skipped > 0 ? "; skipped \(skipped) missing values" : ""))
    }

    /// Two rows with the same (unit, metric, period) would make the import depend on row order.
    private func checkNoDuplicateKeys(_ values: [OutcomeValue]) throws {
        var seen = Set<String>()
        for v in values where !seen.insert("\(v.unitID)\u{1F}\(v.metric)\u{1F}\(v.period)").inserted {
            throw ValidationError("\(file): unit '\(v.unitID)' has two values of '\(v.metric)' in period '\(v.period)'; nothing was imported")
        }
    }
}

/// `g3-design takeup import`.
struct Takeup: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import who took up the program (encouragement designs).", subcommands: [TakeupImport.self])
}

struct TakeupImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Upsert take-up (unit, engaged 0/1, date) from a CSV, all or nothing.",
        discussion: "Columns: the unit id, `engaged` (1/0, true/false, yes/no) and optionally `date`. Unknown unit ids stop the import.")

    @Argument(help: "The experiment id.") var experiment: String
    @Option(help: "The CSV file.") var file: String
    @Option(help: "The unit id column (default: the design's unit id column, else unit_id).") var unitColumn: String?
    @OptionGroup var registry: RegistryOptions

    func run() throws {
        let started = Date()
        let table = try CSVReader.read(path: file)
        let store = try registry.openExisting()
        let unit = try table.column(try unitColumn ?? defaultUnitColumn(store, experiment, table), purpose: "the unit id")
        let engaged = try table.column("engaged", purpose: "1 when the unit took up the program, else 0")
        let date = table.header.firstIndex(of: "date") ?? table.header.firstIndex(of: "engaged_on")
        let values = try table.rows.indices.map { row -> TakeupValue in
            let text = table.rows[row][engaged].trimmedSpaces.lowercased()
            let flag: Bool
            switch text {
            case "1", "true", "yes": flag = true
            case "0", "false", "no": flag = false
            default: throw DataError("\(file):\(table.lines[row]): column 'engaged': expected 1 or 0 (true/false), got '\(table.rows[row][engaged])'")
            }
            let day = date.map { table.rows[row][$0].trimmedSpaces }.flatMap { CSVTable.isMissing($0) ? nil : $0 }
            return TakeupValue(unitID: table.rows[row][unit].trimmedSpaces, engaged: flag, date: day)
        }
        _ = try table.uniqueIDs(column: unit)
        let run = try runRecord("takeup import", inputs: [file: try Fingerprint.sha256(file: file)], startedAt: started)
        let written = try store.importTakeup(experiment, values, run: run)
        print("imported take-up of \(written) units into '\(experiment)' (\(values.filter(\.engaged).count) engaged)")
    }
}

/// The design's unit id column when the file has it, else `unit_id`.
func defaultUnitColumn(_ store: Registry, _ experiment: String, _ table: CSVTable) throws -> String {
    guard let record = try store.experiment(experiment) else {
        throw ValidationError("no experiment '\(experiment)' in the registry \(store.path); `g3-design registry show` lists them")
    }
    let designColumn = try DesignFile(text: record.designYAML, path: "\(experiment) (stored design)").design.unitIDColumn
    return table.header.contains(designColumn) ? designColumn : "unit_id"
}
