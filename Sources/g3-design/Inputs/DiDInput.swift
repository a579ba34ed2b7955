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

    /// The steps: the rows (unit, period, outcome, cluster) → the cohorts, from `--cohort` or from a
    /// 0/1 `--treatment` → the panel.
    init(
        path: String, unit: String, time: String, outcome: String, treatment: String?, cohort: String?,
        cluster: String?, needsCohort: Bool
    ) throws {
        var reader = Reader(table: try CSVReader.read(path: path).requiringRows(), path: path)
        let rows = try reader.rows(unit: unit, time: time, outcome: outcome, cluster: cluster)
        var cohortOfUnit = [Int?](repeating: nil, count: rows.unitCount)
        var treatmentValues: [Double]?
        if let cohort {
            cohortOfUnit = try reader.cohorts(cohort, rows: rows)
        } else if let treatment {
            let values = try reader.treatment(treatment, rows: rows, needsCohort: needsCohort)
            treatmentValues = values.treatment
            cohortOfUnit = values.cohorts
        }
        if reader.months, reader.integers {
            throw DataError("\(path): column '\(time)' mixes dates and integer periods; use one kind")
        }
        periodsAreMonths = reader.months
        panel = LongPanel(
            unit: rows.units, period: rows.periods, y: rows.y, cohort: rows.units.map { cohortOfUnit[$0] },
            cluster: rows.clusters, treatment: treatmentValues)
    }

    /// The table and what its period columns turned out to hold.
    struct Reader {
        let table: CSVTable
        let path: String
        var months = false
        var integers = false

        struct Rows {
            var units: [Int] = [], periods: [Int] = [], y: [Double] = [], clusters: [Int] = []
            var unitCount = 0
            let unitColumn: Int
        }

        func cell(_ r: Int, _ c: Int) -> String { table.rows[r][c].trimmedSpaces }
        func place(_ r: Int, _ c: Int) -> String { "\(path):\(table.lines[r]): column '\(table.header[c])'" }

        /// An integer period, or a date's month index; nil when missing.
        mutating func period(_ r: Int, _ c: Int) throws -> Int? {
            let text = cell(r, c)
            if CSVTable.isMissing(text) { return nil }
            if let month = Month.index(text) {
                months = true
                return month
            }
            guard case .number(let value) = NumberText.read(text.utf8), let whole = Int(exactly: value),
                whole.magnitude <= DiDInput.periodBound.magnitude
            else {
                throw DataError(
                    "\(place(r, c)): expected an integer period (at most \(DiDInput.periodBound) in size) or a date like 2025-03-01, got '\(text)'"
                )
            }
            integers = true
            return whole
        }

        /// One observation per row: a unit, a period (once per unit), the outcome and the cluster.
        mutating func rows(unit: String, time: String, outcome: String, cluster: String?) throws -> Rows {
            let unitColumn = try table.column(unit, purpose: "--unit")
            let timeColumn = try table.column(time, purpose: "--time")
            let outcomeColumn = try table.column(outcome, purpose: "--outcome")
            let clusterColumn = try cluster.map { try table.column($0, purpose: "--cluster") }
            var rows = Rows(unitColumn: unitColumn)
            var unitIndex: [String: Int] = [:]
            var clusterIndex: [String: Int] = [:]
            var seen = Set<[Int]>()
            for r in table.rows.indices {
                let id = cell(r, unitColumn)
                guard !CSVTable.isMissing(id) else {
                    throw DataError("\(place(r, unitColumn)): the unit id is missing")
                }
                let u = unitIndex[id] ?? unitIndex.count
                unitIndex[id] = u
                guard let t = try period(r, timeColumn) else {
                    throw DataError("\(place(r, timeColumn)): the period is missing")
                }
                guard seen.insert([u, t]).inserted else {
                    throw DataError(
                        "\(path):\(table.lines[r]): unit '\(id)' has a second row for period \(cell(r, timeColumn))")
                }
                guard let value = try table.number(row: r, column: outcomeColumn) else {
                    throw DataError("\(place(r, outcomeColumn)): the outcome is missing; remove the row or fill it")
                }
                rows.units.append(u)
                rows.periods.append(t)
                rows.y.append(value)
                let key = clusterColumn.map { cell(r, $0) } ?? id
                let c = clusterIndex[key] ?? clusterIndex.count
                clusterIndex[key] = c
                rows.clusters.append(c)
            }
            rows.unitCount = unitIndex.count
            return rows
        }

        /// `--cohort`: each unit's first treated period (0 or empty: never), the same on every row.
        mutating func cohorts(_ cohort: String, rows: Rows) throws -> [Int?] {
            let c = try table.column(cohort, purpose: "--cohort")
            var given = [Int??](repeating: nil, count: rows.unitCount)
            for r in table.rows.indices {
                let g = try period(r, c).flatMap { $0 > 0 ? $0 : nil }
                if let earlier = given[rows.units[r]], earlier != g {
                    throw DataError(
                        "\(place(r, c)): unit '\(cell(r, rows.unitColumn))' has first treated period \(g.map(String.init) ?? "never") here but \(earlier.map(String.init) ?? "never") on an earlier row"
                    )
                }
                given[rows.units[r]] = .some(g)
            }
            return given.map { $0 ?? nil }
        }

        /// `--treatment` 0/1 per row; the cohort is the first treated period. The event study and CS
        /// need treatment that stays on once it starts.
        func treatment(_ treatment: String, rows: Rows, needsCohort: Bool) throws
            -> (treatment: [Double], cohorts: [Int?])
        {
            let c = try table.column(treatment, purpose: "--treatment")
            let values = try table.rows.indices.map { r -> Double in
                switch cell(r, c).lowercased() {
                case "1", "true": return 1
                case "0", "false": return 0
                default: throw DataError("\(place(r, c)): expected 1 or 0, got '\(cell(r, c))'")
                }
            }
            var cohorts = [Int?](repeating: nil, count: rows.unitCount)
            for r in table.rows.indices where values[r] == 1 {
                cohorts[rows.units[r]] = min(cohorts[rows.units[r]] ?? rows.periods[r], rows.periods[r])
            }
            if needsCohort {
                for r in table.rows.indices where values[r] == 0 {
                    if let g = cohorts[rows.units[r]], rows.periods[r] > g {
                        throw DataError(
                            "\(place(r, c)): unit '\(cell(r, rows.unitColumn))' is untreated here after being treated from \(g); event-study and cs need treatment that stays on (use --estimator twfe)"
                        )
                    }
                }
            }
            return (values, cohorts)
        }
    }
}
