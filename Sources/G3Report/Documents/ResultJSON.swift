import Foundation

/// The JSON form of every result document: keys in snake_case, sorted by code unit, pretty for people
/// or one compact line to store. Documents carry `schema_version`; see docs/json.md for the keys.
public enum ResultJSON {
    /// The version of the documents' keys. 2: one estimate shape, hyphenated method names, typed
    /// diagnostics, `schema_version` itself (docs/json.md lists the changes from 1).
    public static let schemaVersion = 2

    /// JSON text of `value`, with a final newline unless `compact`. A non-finite number cannot be
    /// written as JSON and is a `ResultJSONError`: every estimator refuses such inputs before this.
    public static func text<T: Encodable>(_ value: T, compact: Bool = false) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = compact ? [.sortedKeys] : [.prettyPrinted, .sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        do {
            let data = try encoder.encode(value)
            return String(decoding: data, as: UTF8.self) + (compact ? "" : "\n")
        } catch {
            throw ResultJSONError(
                description:
                    "a result is not a finite number (NaN or infinity) and cannot be written as JSON; please report this with the command line"
            )
        }
    }

    /// A document read back from its JSON text (the HTML report reads results.json so).
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(type, from: data)
    }
}

/// A result that JSON cannot hold: a defect of g3-design (exit 70), not of the input.
public struct ResultJSONError: Error, CustomStringConvertible {
    public let description: String
}
