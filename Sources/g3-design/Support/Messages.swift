import Foundation

/// Prints a warning line on stderr.
func warn(_ message: String) {
    FileHandle.standardError.write(Data("g3-design: warning: \(message)\n".utf8))
}

/// JSON text of a value tree, keys sorted: pretty with a final newline for people, or one compact line to store.
func jsonText(_ object: Any, compact: Bool = false) throws -> String {
    guard JSONSerialization.isValidJSONObject(object),
        let data = try? JSONSerialization.data(
            withJSONObject: object, options: compact ? [.sortedKeys] : [.prettyPrinted, .sortedKeys])
    else {
        throw InternalError(
            "a result is not a finite number (NaN or infinity) and cannot be written as JSON; please report this with the command line"
        )
    }
    return String(decoding: data, as: UTF8.self) + (compact ? "" : "\n")
}

/// A defect of g3-design itself (exit 70): a check that should have refused the input earlier did not.
struct InternalError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
