import Foundation

/// Number formatting for terminal output.
public enum Format {
    /// Fixed decimals: `fixed(0.80146, 4)` → "0.8015".
    public static func fixed(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }

    /// Thousands separators: `grouped(15331.35, 2)` → "15,331.35".
    public static func grouped(_ x: Double, _ digits: Int = 0) -> String {
        let text = fixed(abs(x), digits)
        let parts = text.split(separator: ".", maxSplits: 1)
        var integer = String(parts[0])
        var groups: [String] = []
        while integer.count > 3 {
            groups.insert(String(integer.suffix(3)), at: 0)
            integer.removeLast(3)
        }
        groups.insert(integer, at: 0)
        let sign = x < 0 && text.contains(where: { $0 != "0" && $0 != "." }) ? "-" : ""
        return sign + groups.joined(separator: ",") + (parts.count > 1 ? "." + parts[1] : "")
    }

    /// A percentage: `percent(0.064)` → "6.40%".
    public static func percent(_ x: Double, _ digits: Int = 2) -> String { fixed(100 * x, digits) + "%" }

    /// A p-value: four decimals, scientific notation below 1e-4 ("2.2e-74"), and "< 1e-300" where a
    /// double underflows (an exact 0 is never a p-value).
    public static func pValue(_ p: Double) -> String {
        if p < 1e-300 { return "< 1e-300" }
        return p < 1e-4 ? String(format: "%.1e", p) : fixed(p, 4)
    }

    /// `grouped(x, digits)`, or "–" when there is no value.
    public static func grouped(_ x: Double?, _ digits: Int = 0) -> String { x.map { grouped($0, digits) } ?? "–" }

    /// `fixed(x, digits)`, or "–" when there is no value.
    public static func fixed(_ x: Double?, _ digits: Int) -> String { x.map { fixed($0, digits) } ?? "–" }

    /// "[low, high]" with thousands separators, or "–" when either end is missing.
    public static func interval(_ low: Double?, _ high: Double?, _ digits: Int = 2) -> String {
        guard let low, let high else { return "–" }
        return "[\(grouped(low, digits)), \(grouped(high, digits))]"
    }

    /// Four significant digits, for values of any size (ICC, R², variance factors).
    public static func significant(_ x: Double) -> String { String(format: "%.4g", x) }
}

/// Key–value rows aligned in two columns, for terminal output.
public struct AlignedRows {
    private var rows: [(String, String)] = []
    public init() {}
    public mutating func add(_ key: String, _ value: String) { rows.append((key, value)) }
    public func render(indent: Int = 2) -> String {
        let width = rows.map(\.0.count).max() ?? 0
        let pad = String(repeating: " ", count: indent)
        return rows.map { pad + $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "   " + $0.1 }
            .joined(separator: "\n")
    }
}

/// CSV text (RFC 4180): fields with a comma, quote or newline are quoted.
public enum CSV {
    public static func field(_ text: String) -> String {
        text.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline })
            ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
    public static func line(_ fields: [String]) -> String { fields.map(field).joined(separator: ",") }
    /// A real number with full precision (shortest round-trip representation).
    public static func number(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : "\(x)" }
}
