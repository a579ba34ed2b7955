/// A column of a warehouse query's rows: its name and what its type holds, by the type's PostgreSQL
/// OID (warehouses that speak the protocol report the same OIDs).
public struct WarehouseColumn: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// smallint, integer, bigint, double precision, numeric: numbers the database can average
        /// exactly as CAST(… AS NUMERIC).
        case number
        /// text and varchar: labels the database can compare as they are.
        case text
        /// date, timestamp, timestamptz: never blank, never a missing-value token, no spaces to trim.
        case date
        /// Anything else (real, char(n), booleans, …): read as the CSV text COPY sends.
        case other
    }

    public let name: String
    public let kind: Kind

    public init(name: String, kind: Kind) {
        self.name = name
        self.kind = kind
    }

    /// int8 20, int2 21, int4 23, float8 701, numeric 1700; text 25, varchar 1043; date 1082,
    /// timestamp 1114, timestamptz 1184.
    init(name: String, type: UInt32) {
        self.name = name
        switch type {
        case 20, 21, 23, 701, 1700: kind = .number
        case 25, 1043: kind = .text
        case 1082, 1114, 1184: kind = .date
        default: kind = .other
        }
    }
}
