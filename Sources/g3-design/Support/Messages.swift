import Foundation
import G3Report
import G3Stats

/// Prints a warning line on stderr.
func warn(_ message: String) {
    FileHandle.standardError.write(Data("g3-design: warning: \(message)\n".utf8))
}

/// Prints a diagnostic on stderr: "warning:" when it undermines an estimate, "note:" when it
/// describes what was done.
func warn(_ diagnostic: Diagnostic) {
    let label = diagnostic.severity == .warning ? "warning" : "note"
    FileHandle.standardError.write(Data("g3-design: \(label): \(diagnostic.message)\n".utf8))
}

/// JSON text of a result document (`ResultJSON`): pretty with a final newline for people, or one
/// compact line to store. A value JSON cannot hold is a defect of g3-design (exit 70).
func jsonText<T: Encodable>(_ document: T, compact: Bool = false) throws -> String {
    do {
        return try ResultJSON.text(document, compact: compact)
    } catch let error as ResultJSONError {
        throw InternalError(error.description)
    }
}

/// CSV of typed rows (`CSVRows`: the JSON keys as columns), with JSON's rule for non-finite values.
func csvText<T: Encodable>(_ rows: [T], columns: [String]? = nil) throws -> String {
    do {
        return try CSVRows.text(rows, columns: columns)
    } catch let error as ResultJSONError {
        throw InternalError(error.description)
    }
}

/// CSV of rows with their stated column order.
func csvText<T: CSVRow>(_ rows: [T]) throws -> String { try csvText(rows, columns: T.columns) }

/// A defect of g3-design itself (exit 70): a check that should have refused the input earlier did not.
struct InternalError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
