import Foundation
import G3Data
import G3Warehouse

/// Where a command's rows come from: a CSV file, or the rows a PostgreSQL table or query sends
/// (`COPY … TO STDOUT` as CSV with a header, read by the same readers). Messages name the file and
/// line, or `postgresql table T` and, where `naming` runs, the row's key.
struct TableSource {
    let label: String
    /// The rows fetched from the warehouse; nil for a file, which is read where it lies.
    private let fetched: Data?

    init(file: String?, options: SourceOptions) throws {
        guard let conninfo = options.source else {
            label = file ?? ""
            fetched = nil
            return
        }
        let query = try options.warehouseQuery()
        label = query.label(queryFile: options.query)
        fetched = try PostgresConnection(conninfo).copyOut(query.copyStatement)
    }

    /// The rows as a table of strings.
    func table() throws -> CSVTable {
        guard let fetched else { return try CSVReader.read(path: label) }
        return try CSVReader.parse(fetched, source: label)
    }

    /// The rows for the typed reader, which reads only the columns asked for.
    func typedFile() throws -> TypedCSVReader.File {
        guard let fetched else { return try TypedCSVReader.File(path: label) }
        return try TypedCSVReader.File(data: fetched, source: label)
    }

    /// Runs `body`; for rows a server sent, its data error names the row by these key columns
    /// (`RowNaming`) instead of by a line of the CSV text the server sent.
    func naming<T>(_ keys: [String], _ body: () throws -> T) throws -> T {
        guard let fetched else { return try body() }
        return try RowNaming(label: label, rows: fetched, keys: keys).naming(body)
    }

    /// SHA-256 of the file, or of the CSV text the warehouse sent: what the registry records.
    func sha256() throws -> String {
        guard let fetched else { return try Fingerprint.sha256(file: label) }
        return Fingerprint.sha256(fetched)
    }
}
