import CPQ
import Foundation

/// One connection to a PostgreSQL server (or a warehouse that speaks its wire protocol) through
/// libpq. The connection string is a `postgresql://…` URL or `key=value` pairs; libpq reads
/// PGPASSWORD, ~/.pgpass, PGSSLMODE and the other PG* variables as it always does. The string is
/// never echoed in messages (it may hold a password).
public final class PostgresConnection {
    private let connection: OpaquePointer

    public init(_ conninfo: String) throws {
        try Self.checkSyntax(conninfo)
        guard let connection = PQconnectdb(conninfo) else {
            throw WarehouseError(.connection, "PostgreSQL: libpq could not allocate a connection")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = WarehouseError.oneLine(String(cString: PQerrorMessage(connection)))
            PQfinish(connection)
            throw WarehouseError(.connection, "cannot connect to PostgreSQL: \(message)")
        }
        self.connection = connection
        settle()
    }

    deinit { PQfinish(connection) }

    /// What this connection's text must look like, whatever the server's, database's or role's
    /// defaults: text in UTF-8, dates as ISO text (`YYYY-MM-DD`, which the readers and the pushed-down
    /// months read; `DateStyle = 'SQL, DMY'` would send `01/03/2025`), and floats to the last bit
    /// (before PostgreSQL 12 the default printed 15 digits). A server that refuses one keeps its own: the
    /// readers then refuse what they cannot read, in one line.
    public static let settings = ["SET client_encoding = 'UTF8'", "SET DateStyle = ISO", "SET extra_float_digits = 3"]

    /// The settings as `--explain` prints them: a comment line, then the statements on one line.
    public static let explainedSettings = "-- on every connection first\n" + settings.joined(separator: "; ") + ";"

    private func settle() {
        for setting in Self.settings {
            PQclear(PQexec(connection, setting))
        }
    }

    /// A malformed connection string (an unknown key, a key without "=", a bad URL) is a usage error.
    static func checkSyntax(_ conninfo: String) throws {
        var error: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(conninfo, &error) else {
            let message = error.map { WarehouseError.oneLine(String(cString: $0)) } ?? "not a connection string"
            if let error { PQfreemem(error) }
            throw WarehouseError(
                .connectionString,
                "\(message) (expected postgresql://USER@HOST:PORT/DATABASE or key=value pairs such as host=… dbname=…)"
            )
        }
        PQconninfoFree(options)
    }

    /// The rows of `sql` (a COPY … TO STDOUT statement) as the bytes the server sends.
    public func copyOut(_ sql: String) throws -> Data {
        let result = PQexec(connection, sql)
        defer { PQclear(result) }
        guard PQresultStatus(result) == PGRES_COPY_OUT else { throw queryError(result) }
        var data = Data()
        while true {
            var buffer: UnsafeMutablePointer<CChar>?
            let count = PQgetCopyData(connection, &buffer, 0)
            if count > 0, let buffer {
                data.append(UnsafeRawPointer(buffer).assumingMemoryBound(to: UInt8.self), count: Int(count))
                PQfreemem(buffer)
            } else {
                break
            }
        }
        // The COPY's own result: an error here (a query failing midway) discards the rows.
        while let final = PQgetResult(connection) {
            defer { PQclear(final) }
            guard PQresultStatus(final) == PGRES_COMMAND_OK else { throw queryError(final) }
        }
        return data
    }

    /// The columns of a SELECT's rows, from the server's description of `SELECT * FROM (…) WHERE 1 = 0`
    /// (no row is read).
    public func columns(of select: String) throws -> [WarehouseColumn] {
        let result = PQexec(connection, "SELECT * FROM \(WarehouseQuery.subquery(select)) AS g3_source WHERE 1 = 0")
        defer { PQclear(result) }
        guard PQresultStatus(result) == PGRES_TUPLES_OK else { throw queryError(result) }
        return (0..<PQnfields(result)).map { i in
            WarehouseColumn(name: PQfname(result, i).map { String(cString: $0) } ?? "", type: PQftype(result, i))
        }
    }

    /// Runs a statement that returns no rows (START TRANSACTION, COMMIT).
    public func execute(_ sql: String) throws {
        let result = PQexec(connection, sql)
        defer { PQclear(result) }
        guard PQresultStatus(result) == PGRES_COMMAND_OK else { throw queryError(result) }
    }

    /// The open transaction's snapshot, for another connection to read the same rows
    /// (`pg_export_snapshot`); nil where the server has none to give, the transaction then started again
    /// with `restart` (a failed statement ends it).
    public func exportSnapshot(restart: String) throws -> String? {
        do {
            return try rows("SELECT pg_export_snapshot()", parameters: []).first?.first ?? nil
        } catch {
            try execute("ROLLBACK")
            try execute(restart)
            return nil
        }
    }

    /// Makes the transaction just started read `snapshot`, another's `exportSnapshot`.
    public func importSnapshot(_ snapshot: String) throws {
        try execute("SET TRANSACTION SNAPSHOT '\(snapshot.replacingOccurrences(of: "'", with: "''"))'")
    }

    /// The rows of a query with text parameters `$1…`, each value as text (nil for NULL).
    public func rows(_ sql: String, parameters: [String]) throws -> [[String?]] {
        let copies = parameters.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        let values = copies.map { UnsafePointer($0) }
        let result = PQexecParams(connection, sql, Int32(clamping: values.count), nil, values, nil, nil, 0)
        defer { PQclear(result) }
        guard PQresultStatus(result) == PGRES_TUPLES_OK else { throw queryError(result) }
        let fields = PQnfields(result)
        return (0..<PQntuples(result)).map { row in
            (0..<fields).map { field in
                PQgetisnull(result, row, field) == 1 ? nil : PQgetvalue(result, row, field).map { String(cString: $0) }
            }
        }
    }

    private func queryError(_ result: OpaquePointer?) -> WarehouseError {
        // The primary message alone ("relation "x" does not exist"), without the statement's echo.
        let primary = result.flatMap { r in PQresultErrorField(r, Int32(UInt8(ascii: "M"))).map { String(cString: $0) }
        }
        let message = WarehouseError.oneLine(primary ?? String(cString: PQerrorMessage(connection)))
        return WarehouseError(.query, "PostgreSQL refused the query: \(message)")
    }
}
