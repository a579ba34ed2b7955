/// Calendar months as whole numbers (year·12 + month − 1), for panels with one row per unit and month.
public enum Month {
    /// Reads "YYYY-MM-DD", "YYYY-MM", "YYYY/MM/DD" or "YYYY-MM-DD hh:mm:ss" / "…THH…"; nil otherwise.
    public static func index(_ text: String) -> Int? {
        let bytes = Array(text.trimmedSpaces.utf8)
        guard bytes.count >= 7, bytes[4] == UInt8(ascii: "-") || bytes[4] == UInt8(ascii: "/") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for i in range {
                guard i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 else { return nil }
                value = value * 10 + Int(bytes[i] - 48)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), (1...12).contains(month), year >= 1900 else {
            return nil
        }
        if bytes.count > 7 {
            guard bytes[7] == bytes[4], let day = number(8..<10), (1...31).contains(day) else { return nil }
            if bytes.count > 10 {
                guard bytes[10] == UInt8(ascii: " ") || bytes[10] == UInt8(ascii: "T") else { return nil }
            }
        }
        return year * 12 + month - 1
    }

    /// The month `index` as "YYYY-MM".
    public static func label(_ index: Int) -> String {
        let year = index / 12
        let month = index % 12 + 1
        return "\(year)-\(month < 10 ? "0" : "")\(month)"
    }

    /// A calendar day as "YYYY-MM-DD" from "YYYY-MM-DD", "YYYY/MM/DD" or those with a time; nil for
    /// anything else, including days a month does not have (2026-02-30).
    public static func isoDay(_ text: String) -> String? {
        let bytes = Array(text.trimmedSpaces.utf8)
        guard bytes.count >= 10, index(text) != nil, bytes[7] == bytes[4] else { return nil }
        let digits = { (r: Range<Int>) in r.reduce(0) { $0 * 10 + Int(bytes[$1] - 48) } }
        let year = digits(0..<4)
        let month = digits(5..<7)
        let day = digits(8..<10)
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let length = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        guard day >= 1, day <= length else { return nil }
        return String(
            decoding: bytes[0..<4] + [UInt8(ascii: "-")] + bytes[5..<7] + [UInt8(ascii: "-")] + bytes[8..<10],
            as: UTF8.self)
    }
}
