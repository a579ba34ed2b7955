import ArgumentParser
import G3Data
import G3Design
import G3Observational

/// The window of a customer-month panel that `power --history` plans from: each account's outcome in
/// each of the last baseline + follow-up months, the baseline means of the covariates, and the
/// account's cluster. Accounts without the outcome in every month of the window are left out (and
/// counted); a month given twice for an account is an error naming its line.
struct HistoryInput {
    let series: [[Double]]
    let covariates: [[Double]]
    let clusters: [String]?
    let window: (first: String, last: String)
    let leftOut: Int

    init(options o: HistoryOptions, path: String, metric: String, covariateNames: [String]) throws {
        let file = try TypedCSVReader.File(path: path)
        let text = [o.unit, o.month] + [o.cluster].compactMap { $0 }
        let table = try file.columns(
            numeric: uniqueInOrder([metric] + covariateNames), text: text,
            purpose: { $0 == o.unit ? "the account id" : $0 == o.month ? "the month of each row" : "a history column" })
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
        window = (Month.label(start), Month.label(last))
        let units = table.codes[o.unit] ?? []
        let y = table.numbers[metric] ?? []
        var cells: [Int32: [Double?]] = [:]
        var clusterOf: [Int32: String] = [:]
        for r in 0..<table.rowCount {
            guard let m = months[r], m >= start, units[r] >= 0 else { continue }
            var row = cells[units[r]] ?? [Double?](repeating: nil, count: width + covariateNames.count * width)
            guard row[m - start] == nil else {
                throw DataError("\(path):\(table.lines[r]): account has a second row for \(Month.label(m))")
            }
            row[m - start] = y[r]
            for (j, name) in covariateNames.enumerated() where m - start < o.baselineMonths {
                row[width + j * width + (m - start)] = table.numbers[name]?[r] ?? nil
            }
            cells[units[r]] = row
            if let c = o.cluster, let code = table.codes[c]?[r], code >= 0 {
                clusterOf[units[r]] = table.levels[c]?[Int(code)]
            }
        }
        let complete = cells.keys.sorted().filter { key in
            let row = cells[key] ?? []
            return row.prefix(width).allSatisfy { $0 != nil }
                && (0..<covariateNames.count).allSatisfy { j in
                    row[(width + j * width)..<(width + j * width + o.baselineMonths)].contains { $0 != nil }
                }
        }
        leftOut = cells.count - complete.count
        series = complete.map { key in (cells[key] ?? []).prefix(width).compactMap { $0 } }
        covariates = covariateNames.indices.map { j in
            complete.map { key in
                let values = (cells[key] ?? [])[(width + j * width)..<(width + j * width + o.baselineMonths)].compactMap
                { $0 }
                return values.reduce(0, +) / Double(values.count)
            }
        }
        clusters = o.cluster.map { _ in complete.map { clusterOf[$0] ?? "" } }
    }
}
