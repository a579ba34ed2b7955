import Foundation

/// A reference table from `Fixtures/reference/` (comment lines start with `#`), read as strings
/// keyed by column. Reference files sit beside the script or call that produced them.
public struct ReferenceTable {
    public let rows: [[String: String]]

    public init(_ relativePath: String) throws {
        let text = try String(
            contentsOf: Self.repositoryRoot.appendingPathComponent("Fixtures/reference/\(relativePath)"),
            encoding: .utf8)
        let lines = text.split(whereSeparator: \.isNewline).filter { !$0.hasPrefix("#") }
        let header = lines[0].split(separator: ",").map(String.init)
        rows = lines.dropFirst().map { line in
            Dictionary(
                uniqueKeysWithValues: zip(
                    header, line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)))
        }
    }

    /// The repository's top folder, found from this file's path.
    public static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
}

extension Dictionary where Key == String, Value == String {
    /// The column as a number, or nil when the cell is empty.
    public func number(_ column: String) -> Double? { self[column].flatMap { Double($0) } }
}
