import Foundation

/// A typed row whose CSV columns come in a stated order (the JSON keys, in reading order).
public protocol CSVRow: Encodable {
    static var columns: [String] { get }
}

/// CSV of typed rows: one line per value, one column per JSON key that holds a number, text or
/// boolean (in `CSVRow.columns` order, else sorted as in JSON); nested lists and objects are left
/// out. Numbers are unrounded, booleans 1/0, absent values empty.
public enum CSVRows {
    public static func text<T: CSVRow>(_ rows: [T]) throws -> String { try text(rows, columns: T.columns) }

    public static func text<T: Encodable>(_ rows: [T], columns: [String]? = nil) throws -> String {
        let objects = try ResultJSON.decode(
            [[String: Cell]].self, from: Data(ResultJSON.text(rows, compact: true).utf8))
        let scalar = objects.first.map { first in first.keys.filter { first[$0]?.isScalar ?? false }.sorted() } ?? []
        let keys = columns ?? scalar
        let lines = objects.map { object in CSV.line(keys.map { object[$0]?.text ?? "" }) }
        return ([CSV.line(keys)] + lines).joined(separator: "\n") + "\n"
    }

    /// A JSON value as a CSV cell.
    enum Cell: Decodable {
        case number(Double)
        case text(String)
        case boolean(Bool)
        case null
        case nested

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() {
                self = .null
            } else if let b = try? container.decode(Bool.self) {
                self = .boolean(b)
            } else if let x = try? container.decode(Double.self) {
                self = .number(x)
            } else if let s = try? container.decode(String.self) {
                self = .text(s)
            } else {
                self = .nested
            }
        }

        var isScalar: Bool {
            if case .nested = self { return false }
            return true
        }

        var text: String {
            switch self {
            case .number(let x): return CSV.number(x)
            case .text(let s): return s
            case .boolean(let b): return b ? "1" : "0"
            case .null, .nested: return ""
            }
        }
    }
}
