import Foundation
import G3Data
import G3Design
import G3Stats

/// The eligible units of a design, read from a units CSV: id, stratum (the strata columns' values
/// joined by " / "), and the design's covariates. Only the columns the design names are read
/// (`TypedCSVReader`): the ids as bytes (`ByteValues`), the others as codes into their distinct values,
/// and numbers are read as `CSVTable.number` reads them. Every problem names the file, line and column.
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
        let columns = try Self.read(try source.typedFile(), design: design)
        let (eligible, excluded) = try Self.eligible(columns, rules: design.eligibility)
        if let row = eligible.first(where: { columns.id.range($0).isEmpty }) {
            throw DataError("\(columns.source):\(columns.lines[row]): column '\(columns.idName)': the id is missing")
        }
        let ids = eligible.count == columns.id.count ? columns.id : columns.id.subset(eligible)
        // The ids made anew in id order from ByteOrder's copy of their bytes, so that the passes over
        // the units in that order (the check for duplicates, hashes, the randomizer, the assignment)
        // read memory in order.
        let byteOrder = ByteOrder(bytes: ids.bytes, ends: ids.ends)
        let order = byteOrder.sortedIndices()
        let sortedIDs = byteOrder.strings(at: order)
        try Self.checkUnique(sortedIDs, rows: order.map { eligible[$0] }, columns: columns)
        let rows = try UnitRows(columns, rows: eligible)
        let units = rows.units(ids: sortedIDs, order: order)
        guard !units.isEmpty else {
            throw DataError("\(path): no eligible units (\(excluded) excluded by the design's eligibility rules)")
        }
        self.units = units
        self.excluded = excluded
        self.fileSHA256 = try source.sha256()
        self.source = path
        self.sha256 = Fingerprint.sha256(Self.canonicalText(self.units))
    }

    /// The columns a design reads from its units file.
    struct Columns {
        let source: String
        /// The file line of each row.
        let lines: [Int]
        let idName: String
        /// The ids as bytes: nearly all distinct, a table of distinct values would only slow them down.
        let id: ByteValues
        let strata: [TextColumn]
        let covariates: [TextColumn]
        /// Per eligibility rule, its column.
        let rules: [TextColumn]
    }

    /// The design's columns read as text. A file without rows is refused before a missing column is
    /// named; the columns are checked in the order id, strata, covariates, eligibility rules.
    static func read(_ file: TypedCSVReader.File, design: ExperimentDesign) throws -> Columns {
        let wanted =
            [(design.unitIDColumn, "the unit id in \(design.id)")] + design.strata.map { ($0, "a stratum") }
            + design.covariates.map { ($0, "a covariate") }
            + design.eligibility.map { ($0.column, "an eligibility rule") }
        let id = design.unitIDColumn
        let table = try file.columns(
            numeric: [], text: wanted.dropFirst().map(\.0).filter(file.header.contains),
            bytes: [id].filter(file.header.contains))
        guard table.rowCount > 0 else { throw DataError("\(file.path): no data rows after the header") }
        for (name, purpose) in wanted where !file.header.contains(name) {
            throw TypedCSVReader.missingColumn(name, file.header, file.path, purpose)
        }
        return Columns(
            source: file.path, lines: table.lines, idName: id, id: table.bytes[id] ?? ByteValues(),
            strata: design.strata.map { TextColumn(table, $0) },
            covariates: design.covariates.map { TextColumn(table, $0) },
            rules: design.eligibility.map { TextColumn(table, $0.column) })
    }

    /// The rows the design's eligibility rules admit, in file order, and how many they exclude. The
    /// rules are tried in order and a row's first failing rule decides, so that a later rule's
    /// number is not read for a row already excluded.
    static func eligible(_ columns: Columns, rules: [EligibilityRule]) throws -> ([Int], Int) {
        let rows = Array(columns.lines.indices)
        guard !rules.isEmpty else { return (rows, 0) }
        let numbers = zip(rules, columns.rules).map { rule, column -> TextNumbers? in
            switch rule.test {
            case .atLeast, .atMost: return column.numbers()
            case .oneOf, .noneOf: return nil
            }
        }
        let eligible = try rows.filter { row in
            try rules.indices.allSatisfy { k in
                let value = columns.rules[k].value(row)
                let number = try numbers[k]?.number(row, source: columns.source, line: columns.lines[row])
                return rules[k].admits(value, number: number)
            }
        }
        return (eligible, rows.count - eligible.count)
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

    /// No id twice: equal ids sit side by side in byte order (`sorted`, the ids of file rows `rows`).
    /// The error names the row whose id was seen before earliest in the file, and that id's first
    /// line, as a reading in file order would.
    static func checkUnique(_ sorted: [String], rows: [Int], columns: Columns) throws {
        var duplicate: (row: Int, first: Int)?
        var start = 0
        while start < rows.count {
            var end = start + 1
            while end < rows.count && sorted[end] == sorted[start] { end += 1 }
            if end - start > 1 {
                let same = rows[start..<end].sorted()
                if duplicate.map({ same[1] < $0.row }) ?? true { duplicate = (same[1], same[0]) }
            }
            start = end
        }
        guard let duplicate else { return }
        throw DataError(
            "\(columns.source):\(columns.lines[duplicate.row]): column '\(columns.idName)': duplicate id '\(columns.id.value(duplicate.row) ?? "")' (first on line \(columns.lines[duplicate.first]))"
        )
    }
}
