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

    @OptionGroup var input: ImportOptions
    @Option(help: "The period of every value, e.g. 2026-12 (only when the file has no `period` column).") var period:
        String?
    @Option(
        help:
            "The metrics to import, comma-separated: wide format, these columns; long format, rows of these metrics (default: all)."
    )
    var metrics: String?

    func run() throws {
        let started = Date()
        if try input.sourceOptions.explained() { return }
        let source = try input.source
        let (table, store, unitColumn) = try input.open(source)
        let file = source.label
        let experiment = input.experiment
        let periodColumn = table.header.firstIndex(of: "period")
        if periodColumn == nil, period == nil { throw ValidationError("\(file) has no 'period' column: give --period") }
        if periodColumn != nil, let period {
            throw ValidationError(
                "--period \(period): \(file) has a 'period' column, which gives each row's period; drop one of them")
        }
        // A server's rows are named by their unit, metric and period, not by a line of what it sent.
        let (values, skipped) = try source.naming([table.header[unitColumn], "metric", "period"]) {
            try self.values(table, unitColumn: unitColumn, periodColumn: periodColumn, file: file)
        }
        try checkNoDuplicateKeys(values, file: file)
        let written = try store.importOutcomes(
            experiment, values, run: try input.run("outcomes import", source: source, startedAt: started))
        print(
            "imported \(written) outcome values into '\(experiment)'"
                + (skipped > 0 ? "; skipped \(skipped) missing values" : ""))
    }

    /// The rows' values, long or wide format, and how many were missing. `periodColumn` nil: `--period`.
    private func values(_ table: CSVTable, unitColumn: Int, periodColumn: Int?, file: String) throws -> (
        [OutcomeValue], skipped: Int
    ) {
        let chosen = metrics.map { Set(columnList($0)) }
        var values: [OutcomeValue] = []
        var skipped = 0
        func periodOf(_ row: Int) throws -> String {
            if let periodColumn {
                let text = table.rows[row][periodColumn].trimmedSpaces
                guard !CSVTable.isMissing(text) else {
                    throw DataError("\(file):\(table.lines[row]): column 'period': the period is missing")
                }
                return text
            }
            return period ?? ""
        }
        if let metricColumn = table.header.firstIndex(of: "metric"),
            let valueColumn = table.header.firstIndex(of: "value")
        {
            var found = Set<String>()
            for row in table.rows.indices {
                let metric = table.rows[row][metricColumn].trimmedSpaces
                guard !CSVTable.isMissing(metric) else {
                    throw DataError("\(file):\(table.lines[row]): column 'metric': the metric name is missing")
                }
                found.insert(metric)
                if let chosen, !chosen.contains(metric) { continue }
                guard let value = try table.number(row: row, column: valueColumn) else {
                    skipped += 1
                    continue
                }
                values.append(
                    OutcomeValue(
                        unitID: table.rows[row][unitColumn].trimmedSpaces, metric: metric,
                        period: try periodOf(row), value: value))
            }
            if let missing = chosen?.subtracting(found).sorted().first {
                throw ValidationError(
                    "--metrics: \(file) has no rows of metric '\(missing)'; its metrics are \(found.sorted().joined(separator: ", "))"
                )
            }
        } else {
            let names =
                metrics.map(columnList)
                ?? table.header.enumerated().filter { $0.offset != unitColumn && $0.offset != periodColumn }.map(
                    \.element)
            let columns = try names.map { try table.column($0, purpose: "a metric") }
            guard !columns.isEmpty else {
                throw ValidationError("\(file) has no metric columns besides the unit and period")
            }
            for row in table.rows.indices {
                for column in columns {
                    guard let value = try table.number(row: row, column: column) else {
                        skipped += 1
                        continue
                    }
                    values.append(
                        OutcomeValue(
                            unitID: table.rows[row][unitColumn].trimmedSpaces,
                            metric: table.header[column], period: try periodOf(row), value: value))
                }
            }
        }
        return (values, skipped)
    }

    /// Two rows with the same (unit, metric, period) would make the import depend on row order.
    private func checkNoDuplicateKeys(_ values: [OutcomeValue], file: String) throws {
        var seen = Set<String>()
        for v in values where !seen.insert("\(v.unitID)\u{1F}\(v.metric)\u{1F}\(v.period)").inserted {
            throw ValidationError(
                "\(file): unit '\(v.unitID)' has two values of '\(v.metric)' in period '\(v.period)'; nothing was imported"
            )
        }
    }
}
