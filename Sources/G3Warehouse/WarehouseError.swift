/// A warehouse source that cannot be used, as one line, with what kind of remedy it needs.
public struct WarehouseError: Error, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The connection string itself is malformed (a usage error).
        case connectionString
        /// The server cannot be reached or refuses the login (host, port, password, database).
        case connection
        /// The server ran the query and refused it, or its rows do not fit (a missing table, a column).
        case query
    }

    public let kind: Kind
    public let description: String

    public init(_ kind: Kind, _ description: String) {
        self.kind = kind
        self.description = description
    }

    /// libpq's message on one line: its lines joined, tabs and repeated spaces collapsed.
    static func oneLine(_ message: String) -> String {
        message.split(whereSeparator: \.isNewline).map {
            $0.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        .filter { !$0.isEmpty }.joined(separator: "; ")
    }
}
