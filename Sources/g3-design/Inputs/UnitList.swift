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

        var units: [RandomizationUnit] = []
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
        let eligibleTable =
            excluded == 0
            ? table
            : CSVTable(
                source: table.source, header: table.header, rows: eligibleRows.map { table.rows[$0] },
                lines: eligibleRows.map { table.lines[$0] })
        let ids = try eligibleTable.rows.indices.map { row in
            let value = eligibleTable.rows[row][id].trimmedSpaces
            guard !CSVTable.isMissing(value) else {
                throw DataError(
                    "\(table.source):\(eligibleTable.lines[row]): column '\(table.header[id])': the id is missing")
            }
            return value
        }
        let order = ByteOrder.sortedIndices(ids)
        try Self.checkUnique(ids, order: order, table: eligibleTable, column: id)
        for row in eligibleTable.rows.indices {
            let stratum = try strata.map { column -> String in
                let value = eligibleTable.rows[row][column].trimmedSpaces
                guard !CSVTable.isMissing(value) else {
                    throw DataError(
                        "\(table.source):\(eligibleTable.lines[row]): column '\(table.header[column])': the stratum is missing; fill it in or exclude the unit with `eligible`"
                    )
                }
                return value
            }.joined(separator: " / ")
            let values = try covariates.map { try eligibleTable.requiredNumber(row: row, column: $0) }
            units.append(RandomizationUnit(id: ids[row], stratum: stratum, covariates: values))
        }
        guard !units.isEmpty else {
            throw DataError("\(path): no eligible units (\(excluded) excluded by the design's eligibility rules)")
        }
        self.units = order.map { units[$0] }
        self.excluded = excluded
        self.fileSHA256 = try source.sha256()
        self.source = path
        self.sha256 = Fingerprint.sha256(Self.canonicalText(self.units))
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

    /// No id twice: equal ids sit side by side in byte order. The error names the row whose id was
    /// seen before earliest in the file, and that id's first line, as a reading in file order would.
    static func checkUnique(_ ids: [String], order: [Int], table: CSVTable, column: Int) throws {
        var duplicate: (row: Int, first: Int)?
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count && ids[order[end]] == ids[order[start]] { end += 1 }
            if end - start > 1 {
                let rows = order[start..<end].sorted()
                if duplicate.map({ rows[1] < $0.row }) ?? true { duplicate = (rows[1], rows[0]) }
            }
            start = end
        }
        guard let duplicate else { return }
        throw DataError(
            "\(table.source):\(table.lines[duplicate.row]): column '\(table.header[column])': duplicate id '\(ids[duplicate.row])' (first on line \(table.lines[duplicate.first]))"
        )
    }
}
