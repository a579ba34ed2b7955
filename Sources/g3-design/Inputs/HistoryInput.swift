import ArgumentParser
import G3Data
import G3Design
import G3Observational

/// The window of a customer-month panel that `power --history` and `diagnose --history` plan from:
/// each account's outcome in each of the last baseline + follow-up months, the baseline means of the
/// numeric columns (covariates), each account's value of the text columns (labels: strata, a
/// cluster) in the latest baseline month that has one. Accounts without the outcome in every month
/// of the window, or without a baseline value of a covariate, are left out (and counted); a month
/// given twice for an account is an error naming its line.
struct HistoryInput {
    let series: [[Double]]
    /// One column per name of `covariateNames`: each account's baseline mean.
    let covariates: [[Double]]
    let covariateNames: [String]
    /// Per text column: each account's value, nil when no baseline month has one.
    let labels: [String: [String?]]
    let window: (first: String, last: String)
    let leftOut: Int

    /// One account's cells: the outcome per month of the window, each covariate per baseline month,
    /// and per label the latest baseline month with a value and its code.
    private struct Cells {
        var values: [Double?]
        var labels: [(month: Int, code: Int32)?]
    }

    init(options o: HistoryOptions, path: String, metric: String, covariateNames: [String], labels: [String] = [])
        throws
    {
        var file = try TypedCSVReader.File(path: path)
        let meter = ReadMeter(label: path, bytes: file.byteCount, passes: 1, quiet: o.quiet)
        defer { meter.finish() }
        file.onProgress = { meter.update(pass: 1, bytes: $0, records: $1) }
        let text = uniqueInOrder([o.unit, o.month] + labels)
        let table = try file.columns(
            numeric: uniqueInOrder([metric] + covariateNames), text: text,
            purpose: { $0 == o.unit ? "the account id" : $0 == o.month ? "the month of each row" : "a history column" })
        meter.finish()
        let months = try PanelInput.months(table, o.month, path: path)
        let width = o.baselineMonths + o.followUpMonths
        guard let last = months.compactMap({ $0 }).max(), let first = months.compactMap({ $0 }).min(),
            last - first + 1 >= width
        else {
            throw ValidationError(
                "--history: \(path) spans fewer than the \(width) months that --baseline-months \(o.baselineMonths) and --follow-up-months \(o.followUpMonths) need"
            )
        }
        let start = last - width + 1
        let cells = try Self.cells(
            table, months: months, start: start, options: o, path: path, metric: metric, covariateNames: covariateNames,
            labels: labels)
        let complete = cells.keys.sorted().filter { key in
            guard let row = cells[key]?.values else { return false }
            return row.prefix(width).allSatisfy { $0 != nil }
                && covariateNames.indices.allSatisfy { j in Self.baseline(row, j, o).contains { $0 != nil } }
        }
        window = (Month.label(start), Month.label(last))
        leftOut = cells.count - complete.count
        series = complete.map { key in (cells[key]?.values ?? []).prefix(width).compactMap { $0 } }
        covariates = covariateNames.indices.map { j in
            complete.map { key in
                let values = Self.baseline(cells[key]?.values ?? [], j, o).compactMap { $0 }
                return values.reduce(0, +) / Double(values.count)
            }
        }
        self.covariateNames = covariateNames
        var labelValues: [String: [String?]] = [:]
        for (l, name) in labels.enumerated() {
            let levels = table.levels[name] ?? []
            labelValues[name] = complete.map { key in
                (cells[key]?.labels[l]?.code).map { levels[Int($0)] }
            }
        }
        self.labels = labelValues
    }

    /// Covariate j's cells in the baseline months of an account's row.
    private static func baseline(_ row: [Double?], _ j: Int, _ o: HistoryOptions) -> ArraySlice<Double?> {
        let width = o.baselineMonths + o.followUpMonths
        return row[(width + j * width)..<(width + j * width + o.baselineMonths)]
    }

    private static func cells(
        _ table: TypedColumns, months: [Int?], start: Int, options o: HistoryOptions, path: String, metric: String,
        covariateNames: [String], labels: [String]
    ) throws -> [Int32: Cells] {
        let width = o.baselineMonths + o.followUpMonths
        let units = table.codes[o.unit] ?? []
        let y = table.numbers[metric] ?? []
        let empty = Cells(
            values: [Double?](repeating: nil, count: width + covariateNames.count * width),
            labels: [(month: Int, code: Int32)?](repeating: nil, count: labels.count))
        var cells: [Int32: Cells] = [:]
        for r in 0..<table.rowCount {
            guard let m = months[r], m >= start, units[r] >= 0 else { continue }
            var account = cells[units[r]] ?? empty
            guard account.values[m - start] == nil else {
                throw DataError("\(path):\(table.lines[r]): account has a second row for \(Month.label(m))")
            }
            account.values[m - start] = y[r]
            if m - start < o.baselineMonths {
                for (j, name) in covariateNames.enumerated() {
                    account.values[width + j * width + (m - start)] = table.numbers[name]?[r] ?? nil
                }
                for (l, name) in labels.enumerated() {
                    guard let code = table.codes[name]?[r], code >= 0 else { continue }
                    if (account.labels[l]?.month ?? Int.min) <= m { account.labels[l] = (m, code) }
                }
            }
            cells[units[r]] = account
        }
        return cells
    }
}
