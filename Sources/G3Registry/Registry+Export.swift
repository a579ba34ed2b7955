import GRDB

/// A registry table as columns and text cells, for `registry export`.
public struct ExportedTable: Sendable {
    public let columns: [String]
    /// Cells as SQLite gives them: text, integer or real numbers, or nil.
    public let rows: [[ExportedValue]]
    public init(columns: [String], rows: [[ExportedValue]]) {
        self.columns = columns
        self.rows = rows
    }
}

public enum ExportedValue: Equatable, Sendable, Encodable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)

    /// A JSON null, number or string.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .integer(let i): try container.encode(i)
        case .real(let d): try container.encode(d)
        case .text(let s): try container.encode(s)
        }
    }
}

extension ExportedTable {
    /// One object per row, keyed by column (the JSON form of `registry export`).
    public var objects: [[String: ExportedValue]] {
        rows.map { row in Dictionary(zip(columns, row)) { first, _ in first } }
    }
}

extension Registry {
    /// The tables `registry export` can write.
    public static let exportableTables = ["assignment", "outcome", "takeup", "estimate", "unit"]

    public func export(_ table: String, experimentID: String) throws -> ExportedTable {
        guard Self.exportableTables.contains(table) else {
            throw RegistryError(
                "cannot export '\(table)'; choose one of \(Self.exportableTables.joined(separator: ", "))")
        }
        return try database.read { db in
            guard try Self.fetchExperiment(experimentID, db) != nil else {
                throw RegistryError("no experiment '\(experimentID)' in the registry \(path)")
            }
            let order = table == "estimate" ? "id" : (table == "outcome" ? "unit_id, metric, period" : "unit_id")
            let rows = try Row.fetchAll(
                db, sql: "SELECT * FROM \(table) WHERE experiment_id = ? ORDER BY \(order)", arguments: [experimentID])
            let columns = try db.columns(in: table).map(\.name)
            return ExportedTable(
                columns: columns,
                rows: rows.map { row in
                    columns.map { name in
                        switch row[name] as DatabaseValue? {
                        case nil: return .null
                        case let value?:
                            switch value.storage {
                            case .null: return .null
                            case .int64(let i): return .integer(i)
                            case .double(let d): return .real(d)
                            case .string(let s): return .text(s)
                            case .blob: return .text("<blob>")
                            }
                        }
                    }
                })
        }
    }

    /// Row counts of an experiment's tables, for `registry show`.
    public func counts(_ experimentID: String) throws -> [(table: String, rows: Int)] {
        try database.read { db in
            try ["unit", "assignment", "takeup", "outcome", "estimate"].map { table in
                (
                    table,
                    try Int.fetchOne(
                        db, sql: "SELECT COUNT(*) FROM \(table) WHERE experiment_id = ?", arguments: [experimentID])
                        ?? 0
                )
            }
        }
    }

    /// Units per arm.
    public func armCounts(_ experimentID: String) throws -> [(arm: String, units: Int)] {
        try database.read { db in
            try Row.fetchAll(
                db, sql: "SELECT arm, COUNT(*) AS n FROM assignment WHERE experiment_id = ? GROUP BY arm ORDER BY arm",
                arguments: [experimentID]
            ).map { ($0["arm"], $0["n"]) }
        }
    }

    /// Metrics and periods with outcome counts.
    public func outcomeSummary(_ experimentID: String) throws -> [(metric: String, period: String, units: Int)] {
        try database.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT metric, period, COUNT(*) AS n FROM outcome WHERE experiment_id = ? GROUP BY metric, period ORDER BY metric, period
                    """, arguments: [experimentID]
            ).map { ($0["metric"], $0["period"], $0["n"]) }
        }
    }

    /// The estimates stored for a population label, in the order they were written.
    public func estimates(population: String) throws -> [(
        method: String, metric: String, estimate: Double, se: Double?
    )] {
        try database.read { db in
            try Row.fetchAll(
                db, sql: "SELECT method, metric, estimate, se FROM estimate WHERE population = ? ORDER BY id",
                arguments: [population]
            ).map { ($0["method"], $0["metric"], $0["estimate"], $0["se"]) }
        }
    }
}
