/// What a command reads from a warehouse: a table (or view) by name, or the rows of a SELECT kept
/// in a file; as SQL, the `COPY (…) TO STDOUT` statement that streams its rows as CSV with a header,
/// the dialect every CSV reader of g3-design reads. No PostgreSQL-only syntax beyond COPY.
public enum WarehouseQuery: Sendable, Equatable {
    case table(String)
    case select(String)

    /// The SELECT: `SELECT * FROM "schema"."table"`, or the file's statement without trailing `;`.
    public var select: String {
        switch self {
        case .table(let name): return "SELECT * FROM " + Self.quotedName(name)
        case .select(let text):
            var statement = Substring(text)
            while let last = statement.last, last == ";" || last.isWhitespace { statement = statement.dropLast() }
            return String(statement.drop { $0.isWhitespace })
        }
    }

    public var copyStatement: String { Self.copy(select) }

    /// COPY of only these columns of the rows.
    public func copyStatement(columns: [String]) -> String {
        Self.copy(
            "SELECT \(columns.map(Self.quotedIdentifier).joined(separator: ", ")) FROM \(Self.subquery(select)) AS g3_source"
        )
    }

    static func copy(_ select: String) -> String { "COPY \(subquery(select)) TO STDOUT WITH (FORMAT csv, HEADER true)" }

    /// A SELECT in parentheses, the closing one on a line of its own when a line comment (`--`) could
    /// otherwise swallow it.
    public static func subquery(_ select: String) -> String {
        select.contains("--") ? "(\(select)\n)" : "(\(select))"
    }

    /// How messages name the source: `table NAME` or `query FILE`.
    public func label(queryFile: String?) -> String {
        switch self {
        case .table(let name): return "postgresql table \(name)"
        case .select: return "postgresql query \(queryFile ?? "")"
        }
    }

    /// A possibly schema-qualified name, each part quoted as an identifier.
    static func quotedName(_ name: String) -> String {
        name.split(separator: ".", omittingEmptySubsequences: false).map { quotedIdentifier(String($0)) }
            .joined(separator: ".")
    }

    /// One identifier, quoted ("a""b" for a"b).
    static func quotedIdentifier(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
