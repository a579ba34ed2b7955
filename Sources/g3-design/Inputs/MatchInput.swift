import ArgumentParser
import Foundation
import G3Data
import G3Observational
import G3Report
import G3Stats

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
                        values: LabelColumn(
                            try rows.map { r in
                                let value = table.rows[r][column].trimmedSpaces
                                guard !CSVTable.isMissing(value) else {
                                    throw DataError(
                                        "\(path):\(table.lines[r]): column '\(name)': missing value; fill it, or pass --drop-missing"
                                    )
                                }
                                return value
                            })))
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
