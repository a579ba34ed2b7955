import G3Data
import G3Design

/// The eligible rows' strata and covariates, in file order and compact: each row's stratum as a code
/// into `names`, its covariates side by side (`width` a row). Put into id order, a unit then costs a
/// 4-byte gather, not a String's and an array's (a cache miss each for a million units).
struct UnitRows {
    private var strata: [Int32] = []
    private var names: [String] = []
    private var covariates: [Double] = []
    private let width: Int

    /// Each eligible row's stratum (the strata columns' values joined by " / ") and covariates, read in
    /// file order, so that the first problem named is the file's first.
    init(_ columns: UnitList.Columns, rows: [Int]) throws {
        // The comma grouping of a covariate is judged on the eligible rows' values.
        let numbers = columns.covariates.map { $0.numbers(groupingOver: rows) }
        width = numbers.count
        strata.reserveCapacity(rows.count)
        covariates.reserveCapacity(rows.count * width)
        // One column's codes are the strata's own; several columns' joined values are coded here.
        let single = columns.strata.count == 1 ? columns.strata.first : nil
        names = single?.levels ?? []
        var codeOf: [String: Int32] = [:]
        for row in rows {
            let line = columns.lines[row]
            var stratum = ""
            for (k, column) in columns.strata.enumerated() {
                guard let value = column.value(row) else {
                    throw DataError(
                        "\(columns.source):\(line): column '\(column.name)': the stratum is missing; fill it in or exclude the unit with `eligible`"
                    )
                }
                if single == nil { stratum = k == 0 ? value : stratum + " / " + value }
            }
            strata.append(single?.codes[row] ?? code(stratum, in: &codeOf))
            for column in numbers {
                guard let value = try column.number(row, source: columns.source, line: line) else {
                    throw DataError(
                        "\(columns.source):\(line): column '\(column.name)': expected a number, got a missing value")
                }
                covariates.append(value)
            }
        }
    }

    /// The code of a joined stratum, a new one for a stratum not seen before.
    private mutating func code(_ stratum: String, in codeOf: inout [String: Int32]) -> Int32 {
        if let code = codeOf[stratum] { return code }
        let code = Int32(names.count)
        codeOf[stratum] = code
        names.append(stratum)
        return code
    }

    /// The units whose ids are `ids`, the k-th that of eligible row `order[k]` (an index into the rows
    /// read). The strata's codes are gathered first by a loop of their own, whose cache misses overlap.
    func units(ids: [String], order: [Int]) -> [RandomizationUnit] {
        let codes = order.map { strata[$0] }
        return ids.indices.map { k in
            let values = covariates[order[k] * width..<(order[k] + 1) * width]
            return RandomizationUnit(id: ids[k], stratum: names[Int(codes[k])], covariates: Array(values))
        }
    }
}
