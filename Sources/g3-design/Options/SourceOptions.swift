import ArgumentParser
import Foundation
import G3Data
import G3Warehouse

/// `--source` with `--table` or `--query`: read a command's rows from PostgreSQL (or a warehouse that
/// speaks its protocol) instead of a CSV file (docs/sources.md).
struct SourceOptions: ParsableArguments {
    @Option(
        help:
            "Read the rows from PostgreSQL: a postgresql://USER@HOST:PORT/DB URL or key=value pairs (libpq reads PGPASSWORD, ~/.pgpass and sslmode as usual)."
    )
    var source: String?
    @Option(help: "With --source: the table or view to read (schema.table for another schema).") var table: String?
    @Option(help: "With --source: a file holding the SELECT whose rows to read.") var query: String?
    @Flag(
        help:
            "With --source: print the SQL the command would run, and stop (analyze connects, to learn the columns' types)."
    )
    var explain = false

    /// Exactly one of the file flag and --source; with --source, exactly one of --table and --query.
    func validate(file: String?, flag: String) throws {
        guard source != nil else {
            guard table == nil, query == nil, !explain else {
                throw ValidationError("--table, --query and --explain go with --source")
            }
            guard file != nil else {
                throw ValidationError("give \(flag) FILE.csv, or --source CONNECTION with --table or --query")
            }
            return
        }
        guard file == nil else { throw ValidationError("give \(flag) or --source, not both") }
        guard (table == nil) != (query == nil) else {
            throw ValidationError("--source needs --table NAME or --query FILE.sql, one of them")
        }
        if let table, table.isEmpty || table.split(separator: ".", omittingEmptySubsequences: false).contains("") {
            throw ValidationError("--table must name a table, as NAME or SCHEMA.NAME, got '\(table)'")
        }
    }

    /// The table or the query file's SELECT; an unreadable or empty query file is an error naming it.
    func warehouseQuery() throws -> WarehouseQuery {
        if let table { return .table(table) }
        let path = query ?? ""
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DataError("\(path): cannot read the query file")
        }
        let query = WarehouseQuery.select(String(decoding: data, as: UTF8.self))
        guard !query.select.isEmpty else { throw DataError("\(path): the query file holds no SQL") }
        return query
    }

    /// With --explain: prints the statement the command would run, and returns true (the command stops).
    func explained() throws -> Bool {
        guard explain else { return false }
        print(PostgresConnection.explainedSettings)
        print(try warehouseQuery().copyStatement + ";")
        return true
    }
}
