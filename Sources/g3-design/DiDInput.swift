import ArgumentParser
import G3Data
import G3Observational

/// A long panel CSV read for `did`: every problem names the file, line and column.
struct DiDInput {
    let panel: LongPanel
    /// Whether the periods are dates (month indices, printed as 2024-11) rather than integers.
    let periodsAreMonths: Bool
    /// Integer periods beyond this are refused: the estimators subtract and index periods.
    static let periodBound = 100_000_000

    init(
        path: String, unit: String, time: String, outcome: String, treatment: String?, cohort: String?,
        cluster: String?, needsCohort: Bool
    ) throws {
        let table = try CSVReader.read(path: path).requiringRows()
        let unitColumn = try table.column(unit, purpose: "--unit")
        let timeColumn = try table.column(time, purpose: "--time")
        let outcomeColumn = try table.column(outcome, purpose: "--outcome")
        let clusterColumn = try cluster.map { try table.column($0, purpose: "--cluster") }
        func cell(_ r: Int, _ c: Int) -> String { table.rows[r][c].trimmedSpaces }
        func where_(_ r: Int, _ c: Int) -> String { "\(path):\(table.lines[r]): column '\(table.header[c])'" }
        /// An integer period, or a date's month index.
        var months = false
        var integers = false
        func period(_ r: Int, _ c: Int) throws -> Int? {
            let text = cell(r, c)
            if CSVTable.isMissing(text) { return nil }
            if let month = Month.index(text) {
                months = true
                return month
            }
            guard case .number(let value) = NumberText.read(text.utf8), let whole = Int(exactly: value),
                whole.magnitude <= Self.periodBound.magnitude
            else {
                throw DataError(
                    "\(where_(r, c)): expected an integer period (at most \(Self.periodBound) in size) or a date like 2025-03-01, got '\(text)'"
                )
            }
            integers = true
            return whole
        }
        var unitIndex: [String: Int] = [:]
        var clusterIndex: [String: Int] = [:]
        var units: [Int] = []
        var periods: [Int] = []
        var y: [Double] = []
        var clusters: [Int] = []
        var seen = Set<[Int]>()
        for r in table.rows.indices {
            let id = cell(r, unitColumn)
            guard !CSVTable.isMissing(id) else { throw DataError("\(where_(r, unitColumn)): the unit id is missing") }
            let u = unitIndex[id] ?? unitIndex.count
            unitIndex[id] = u
            guard let t = try period(r, timeColumn) else {
                throw DataError("\(where_(r, timeColumn)): the period is missing")
            }
            guard seen.insert([u, t]).inserted else {
                throw DataError(
                    "\(path):\(table.lines[r]): unit '\(id)' has a second row for period \(cell(r, timeColumn))")
            }
            guard let value = try table.number(row: r, column: outcomeColumn) else {
                throw DataError("\(where_(r, outcomeColumn)): the outcome is missing; remove the row or fill it")
            }
            units.append(u)
            periods.append(t)
            y.append(value)
            let key = clusterColumn.map { cell(r, $0) } ?? id
            clusters.append(clusterIndex[key] ?? clusterIndex.count)
            clusterIndex[key] = clusters.last!
        }
        var cohortOfUnit = [Int?](repeating: nil, count: unitIndex.count)
        var treatmentValues: [Double]?
        if let cohort {
            let c = try table.column(cohort, purpose: "--cohort")
            var given = [Int??](repeating: nil, count: unitIndex.count)
            for r in table.rows.indices {
                let g = try period(r, c).flatMap { $0 > 0 ? $0 : nil }
                if let earlier = given[units[r]], earlier != g {
                    throw DataError(
                        "\(where_(r, c)): unit '\(cell(r, unitColumn))' has first treated period \(g.map(String.init) ?? "never") here but \(earlier.map(String.init) ?? "never") on an earlier row"
                    )
                }
                given[units[r]] = .some(g)
            }
            cohortOfUnit = given.map { $0 ?? nil }
        } else if let treatment {
            let c = try table.column(treatment, purpose: "--treatment")
            treatmentValues = try table.rows.indices.map { r in
                switch cell(r, c).lowercased() {
                case "1", "true": return 1
                case "0", "false": return 0
                default: throw DataError("\(where_(r, c)): expected 1 or 0, got '\(cell(r, c))'")
                }
            }
            // The cohort is the first treated period; the event study and cs need treatment that stays on.
            for r in table.rows.indices where treatmentValues?[r] == 1 {
                cohortOfUnit[units[r]] = min(cohortOfUnit[units[r]] ?? periods[r], periods[r])
            }
            if needsCohort {
                for r in table.rows.indices where treatmentValues?[r] == 0 {
                    if let g = cohortOfUnit[units[r]], periods[r] > g {
                        throw DataError(
                            "\(where_(r, c)): unit '\(cell(r, unitColumn))' is untreated here after being treated from \(g); event-study and cs need treatment that stays on (use --estimator twfe)"
                        )
                    }
                }
            }
        }
        if months, integers {
            throw DataError("\(path): column '\(time)' mixes dates and integer periods; use one kind")
        }
        periodsAreMonths = months
        panel = LongPanel(
            unit: units, period: periods, y: y, cohort: units.map { cohortOfUnit[$0] }, cluster: clusters,
            treatment: treatmentValues)
    }
}
