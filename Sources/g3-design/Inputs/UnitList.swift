import Foundation
import G3Data
import G3Design
import G3Stats

/// The eligible units of a design, read from a units CSV: id, stratum (the strata columns' values
/// joined by " / "), and the design's covariates. Every problem names the file, line and column.
struct UnitList {
    /// The eligible units in byte order of their ids.
    let units: [RandomizationUnit]
    let excluded: Int
    let fileSHA256: String
    /// The file, or the PostgreSQL table or query, the units came from.
    let source: String
    /// SHA-256 of the canonical unit list: "id<TAB>stratum<TAB>covariates…" lines in id order,
    /// so the same units give the same hash whatever the file's row order or extra columns.
    let sha256: String

    init(source: TableSource, design: ExperimentDesign) throws {
        let path = source.label
        let table = try source.table().requiringRows()
        let id = try table.column(design.unitIDColumn, purpose: "the unit id in \(design.id)")
        let strata = try design.strata.map { try table.column($0, purpose: "a stratum") }
        let covariates = try design.covariates.map { try table.column($0, purpose: "a covariate") }
        let rules = try design.eligibility.map { ($0, try table.column($0.column, purpose: "an eligibility rule")) }

        let (eligibleTable, excluded) = try Self.eligible(table, rules: rules)
        let rows = eligibleTable.rows
        let ids = try rows.indices.map { row in
            let value = rows[row][id].trimmedSpaces
            guard !CSVTable.isMissing(value) else {
                throw DataError(
                    "\(table.source):\(eligibleTable.lines[row]): column '\(table.header[id])': the id is missing")
            }
            return value
        }
        let order = ByteOrder.sortedIndices(ids)
        // The ids copied in id order, so that the passes over the units in that order (the check for
        // duplicates, hashes, the randomizer, the assignment) read memory in order.
        let sortedIDs = order.map { row in
            var id = ids[row]
            return id.withUTF8 { String(decoding: $0, as: UTF8.self) }
        }
        try Self.checkUnique(sortedIDs, order: order, table: eligibleTable, column: id)
        let (strataOfRow, covariatesOfRow) = try Self.strataAndCovariates(
            eligibleTable, strata: strata, covariates: covariates, source: table.source)
        let units = zip(sortedIDs, order).map { id, row in
            RandomizationUnit(id: id, stratum: strataOfRow[row], covariates: covariatesOfRow[row])
        }
        guard !units.isEmpty else {
            throw DataError("\(path): no eligible units (\(excluded) excluded by the design's eligibility rules)")
        }
        self.units = units
        self.excluded = excluded
        self.fileSHA256 = try source.sha256()
        self.source = path
        self.sha256 = Fingerprint.sha256(Self.canonicalText(self.units))
    }

    /// The rows the design's eligibility rules admit, and how many they exclude.
    static func eligible(_ table: CSVTable, rules: [(EligibilityRule, Int)]) throws -> (CSVTable, Int) {
        var excluded = 0
        var eligibleRows: [Int] = []
        for row in table.rows.indices {
            let eligible = try rules.allSatisfy { rule, column in
                let field = table.rows[row][column]
                let missing = CSVTable.isMissing(field)
                switch rule.test {
                case .atLeast, .atMost:
                    return rule.admits(missing ? nil : field, number: try table.number(row: row, column: column))
                case .oneOf, .noneOf: return rule.admits(missing ? nil : field.trimmedSpaces, number: nil)
                }
            }
            if eligible { eligibleRows.append(row) } else { excluded += 1 }
        }
        guard excluded > 0 else { return (table, 0) }
        let kept = CSVTable(
            source: table.source, header: table.header, rows: eligibleRows.map { table.rows[$0] },
            lines: eligibleRows.map { table.lines[$0] })
        return (kept, excluded)
    }

    /// Each row's stratum (the strata columns' values joined by " / ") and covariates, in file order, so
    /// that the first problem named is the file's first.
    static func strataAndCovariates(_ table: CSVTable, strata: [Int], covariates: [Int], source: String) throws
        -> ([String], [[Double]])
    {
        var strataOfRow: [String] = []
        var covariatesOfRow: [[Double]] = []
        strataOfRow.reserveCapacity(table.rows.count)
        covariatesOfRow.reserveCapacity(table.rows.count)
        for (row, fields) in table.rows.enumerated() {
            // One column's value is the stratum itself: no array and no joined copy per unit.
            var stratum = ""
            for (k, column) in strata.enumerated() {
                let value = fields[column].trimmedSpaces
                guard !CSVTable.isMissing(value) else {
                    throw DataError(
                        "\(source):\(table.lines[row]): column '\(table.header[column])': the stratum is missing; fill it in or exclude the unit with `eligible`"
                    )
                }
                stratum = k == 0 ? value : stratum + " / " + value
            }
            strataOfRow.append(stratum)
            covariatesOfRow.append(
                covariates.isEmpty ? [] : try covariates.map { try table.requiredNumber(row: row, column: $0) })
        }
        return (strataOfRow, covariatesOfRow)
    }

    /// "id<TAB>stratum<TAB>covariates…" lines in id order, written into one buffer.
    static func canonicalText(_ units: [RandomizationUnit]) -> Data {
        var text: [UInt8] = []
        text.reserveCapacity(units.count * 32)
        for i in units.indices {
            var id = units[i].id
            var stratum = units[i].stratum
            id.withUTF8 { text.append(contentsOf: $0) }
            text.append(UInt8(ascii: "\t"))
            stratum.withUTF8 { text.append(contentsOf: $0) }
            for value in units[i].covariates {
                text.append(UInt8(ascii: "\t"))
                text.append(contentsOf: "\(value)".utf8)
            }
            text.append(UInt8(ascii: "\n"))
        }
        return Data(text)
    }

    /// No id twice: equal ids sit side by side in byte order (`sorted`, the ids of rows `order`). The
    /// error names the row whose id was seen before earliest in the file, and that id's first line, as
    /// a reading in file order would.
    static func checkUnique(_ sorted: [String], order: [Int], table: CSVTable, column: Int) throws {
        var duplicate: (row: Int, first: Int)?
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count && sorted[end] == sorted[start] { end += 1 }
            if end - start > 1 {
                let rows = order[start..<end].sorted()
                if duplicate.map({ rows[1] < $0.row }) ?? true { duplicate = (rows[1], rows[0]) }
            }
            start = end
        }
        guard let duplicate else { return }
        throw DataError(
            "\(table.source):\(table.lines[duplicate.row]): column '\(table.header[column])': duplicate id '\(table.rows[duplicate.row][column].trimmedSpaces)' (first on line \(table.lines[duplicate.first]))"
        )
    }
}
