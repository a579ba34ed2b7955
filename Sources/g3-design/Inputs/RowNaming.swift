import Foundation
import G3Data

/// Names by its key the row of a data error in the rows a server sent (`COPY … TO STDOUT` as CSV). A
/// table's rows have no lines of their own, so "postgresql table T:LINE: …" becomes "postgresql table
/// T, row K = 'V', … (line LINE of the rows sent): …", the key columns those of `keys` the rows have:
/// what a `WHERE` finds the row by (issue 17: errors name the column and the row's key).
struct RowNaming {
    /// How messages name the rows (`WarehouseQuery.label`).
    let label: String
    let rows: Data
    let keys: [String]

    /// Runs `body`, naming the row of the data error it throws.
    func naming<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw named(error)
        }
    }

    /// The error with its row named by its key, or as it was when it names no row of the rows sent.
    func named(_ error: Error) -> Error {
        guard let error = error as? DataError, let (line, rest) = located(error.description),
            let record = CSVReader.record(startingOn: line, in: rows)
        else { return error }
        let pairs = keys.compactMap { key -> String? in
            guard let k = record.header.firstIndex(of: key), k < record.fields.count else { return nil }
            let value = record.fields[k].trimmedSpaces
            return value.isEmpty ? "\(key) empty" : "\(key) = '\(value)'"
        }
        guard !pairs.isEmpty else { return error }
        return DataError("\(label), row \(pairs.joined(separator: ", ")) (line \(line) of the rows sent): \(rest)")
    }

    /// The line and the rest of a message "LABEL:LINE: rest".
    private func located(_ message: String) -> (line: Int, rest: Substring)? {
        guard message.hasPrefix(label + ":") else { return nil }
        let after = message.dropFirst(label.count + 1)
        let digits = after.prefix { $0.isASCII && $0.isNumber }
        let rest = after.dropFirst(digits.count)
        guard let line = Int(digits), rest.hasPrefix(": ") else { return nil }
        return (line, rest.dropFirst(2))
    }
}
