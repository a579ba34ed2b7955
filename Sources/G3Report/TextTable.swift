import Foundation

/// A table of text cells with aligned columns, for terminal output. Numbers align right.
public struct TextTable {
    public enum Alignment { case left, right }
    public let titles: [String]
    public let alignments: [Alignment]
    public private(set) var rows: [[String]] = []

    public init(_ columns: [(String, Alignment)]) {
        titles = columns.map(\.0)
        alignments = columns.map(\.1)
    }

    public mutating func add(_ cells: [String]) {
        precondition(cells.count == titles.count, "a row needs \(titles.count) cells")
        rows.append(cells)
    }

    public func render(indent: Int = 2) -> String {
        let all = [titles] + rows
        let widths = titles.indices.map { c in all.map { $0[c].count }.max() ?? 0 }
        let pad = String(repeating: " ", count: indent)
        func line(_ cells: [String]) -> String {
            pad
                + cells.enumerated().map { c, cell in
                    let fill = String(repeating: " ", count: widths[c] - cell.count)
                    return alignments[c] == .right ? fill + cell : cell + fill
                }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        let rule = pad + widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")
        return ([line(titles), rule] + rows.map(line)).joined(separator: "\n") + "\n"
    }
}
