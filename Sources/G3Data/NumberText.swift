import Foundation

/// The one number parser of every command (`CSVTable`, `TypedCSVReader`): what a field's text means
/// as a number.
///
/// Accepted: plain decimals and exponents ("-12.5", "3e4"), and numbers grouped with commas as
/// spreadsheets write them ("1,234.50", "12,345,678"). A grouped number is unambiguous when it has a
/// decimal point or more than one comma. "1,234" alone could be 1234 (a thousands separator) or
/// 1.234 (a decimal comma): it is `.ambiguousGrouping`, read as 1234 only when another value of the
/// same column shows that the column groups with commas (`GroupingEvidence`), and refused otherwise.
/// Not numbers: hex floats, "inf", "nan" (a missing token, see `CSVTable.isMissing`), values that
/// overflow a double (1e400), and anything else.
public enum NumberText {
    public enum Reading: Equatable, Sendable {
        case number(Double)
        /// Read with its thousands separators removed; unambiguous.
        case grouped(Double)
        /// One comma followed by exactly three digits and no decimal point: the value if the commas group.
        case ambiguousGrouping(Double)
        /// A finite number whose square overflows a double (|x| > 1e150): no variance of it is finite.
        case outOfRange(Double)
        case notANumber
    }

    /// The largest magnitude read as a number: its square, and sums of squares of millions of such
    /// values, stay finite, so every variance and standard error does too.
    public static let largestMagnitude = 1e150

    /// 10⁰ … 10²², each exact in a double; written out, so that the array is built at compile time
    /// and a read does not go through a lazy global's initializer (`swift_once`) per number.
    static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22
    ]

    /// Reads the bytes of one (trimmed) field.
    @inline(__always)
    public static func read<C: Collection>(_ f: C) -> Reading where C.Element == UInt8 {
        if let value = plainDecimal(f) { return .number(value) }
        if f.contains(UInt8(ascii: ",")) { return grouped(f) }
        guard let value = general(f) else { return .notANumber }
        return abs(value) > largestMagnitude ? .outOfRange(value) : .number(value)
    }

    /// Digits with separators that no rule reads ("1.234,56", "12,34"): a number in another
    /// convention, to be refused rather than coerced to missing like text ("n/a").
    public static func looksNumeric<C: Collection>(_ f: C) -> Bool where C.Element == UInt8 {
        f.contains { $0 >= 48 && $0 <= 57 }
            && f.allSatisfy { b in
                (b >= 48 && b <= 57) || b == UInt8(ascii: ".") || b == UInt8(ascii: ",") || b == UInt8(ascii: "-")
                    || b == UInt8(ascii: "+")
            }
    }

    /// The number a field's `reading` gives where a number is required, or the error naming `source`,
    /// `line` and `column`: a value out of range, a number in another convention, text, or "1,234"
    /// when `commasGroup` (asked only then) says the column's commas do not group. `field` is the
    /// field as written (quoted in the message).
    public static func strictValue(
        _ reading: Reading, field: String, commasGroup: () -> Bool, source: String, line: Int, column: String
    ) throws -> Double {
        switch reading {
        case .number(let value), .grouped(let value):
            return value
        case .ambiguousGrouping(let value):
            guard commasGroup() else {
                throw DataError(
                    "\(source):\(line): column '\(column)': '\(field)' is ambiguous (1,234 as a thousands separator, or 1.234 with a decimal comma); write numbers without grouping commas"
                )
            }
            return value
        case .outOfRange:
            throw outOfRangeError(source: source, line: line, column: column, text: field.trimmedSpaces)
        case .notANumber where looksNumeric(field.trimmedSpaces.utf8):
            throw malformedError(source: source, line: line, column: column, text: field.trimmedSpaces)
        case .notANumber:
            throw DataError("\(source):\(line): column '\(column)': expected a number, got '\(field)'")
        }
    }

    /// The error for a numeric-looking value that no rule reads.
    public static func malformedError(source: String, line: Int, column: String, text: String) -> DataError {
        DataError(
            "\(source):\(line): column '\(column)': '\(text)' is not a number g3-design reads (a decimal comma, a date or a stray separator?); write numbers like 1234.56"
        )
    }

    /// The error for a value beyond `largestMagnitude`.
    public static func outOfRangeError(source: String, line: Int, column: String, text: String) -> DataError {
        DataError(
            "\(source):\(line): column '\(column)': '\(text)' is too large (beyond ±1e150, whose square overflows a double); rescale the column, e.g. to thousands"
        )
    }

    /// Plain decimals with at most 15 significant digits are m / 10^k with m and 10^k exact doubles,
    /// so one correctly rounded division gives the same double as strtod; nil for anything else.
    @inline(__always)
    static func plainDecimal<C: Collection>(_ f: C) -> Double? where C.Element == UInt8 {
        plainDecimalParts(f)?.value
    }

    /// A plain decimal's digits as an integer `mantissa`, the count of digits after the point
    /// (`fraction`), its sign and whether it has a point ("12." has one and no fraction digit).
    struct DecimalParts {
        let mantissa: UInt64
        let fraction: Int
        let negative: Bool
        let point: Bool

        /// m / 10^k, correctly rounded (no division for an integer: m is exact).
        @inline(__always)
        var value: Double {
            // At most 15 digits: the mantissa is below 2^63, and a signed conversion is one instruction.
            let exact = Double(Int64(bitPattern: mantissa))
            let magnitude = fraction == 0 ? exact : exact / powersOfTen[fraction]
            return negative ? -magnitude : magnitude
        }
    }

    /// The parts of a plain decimal of at most 15 digits and 22 places (`plainDecimal`); nil otherwise.
    @inline(__always)
    static func plainDecimalParts<C: Collection>(_ f: C) -> DecimalParts? where C.Element == UInt8 {
        var i = f.startIndex
        var negative = false
        guard i < f.endIndex else { return nil }
        if f[i] == UInt8(ascii: "-") || f[i] == UInt8(ascii: "+") {
            negative = f[i] == UInt8(ascii: "-")
            i = f.index(after: i)
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var fraction = 0
        var seenPoint = false
        while i < f.endIndex {
            let b = f[i]
            if b >= 48, b <= 57 {
                mantissa = mantissa &* 10 &+ UInt64(b - 48)
                digits += 1
                if seenPoint { fraction += 1 }
            } else if b == UInt8(ascii: "."), !seenPoint {
                seenPoint = true
            } else {
                return nil
            }
            i = f.index(after: i)
        }
        guard digits > 0, digits <= 15, fraction <= 22 else { return nil }
        return DecimalParts(mantissa: mantissa, fraction: fraction, negative: negative, point: seenPoint)
    }

    /// Decimal text with an optional exponent, through Swift's correctly rounded parser; no hex, no inf.
    static func general<C: Collection>(_ f: C) -> Double? where C.Element == UInt8 {
        let allowed = f.allSatisfy { b in
            (b >= 48 && b <= 57) || b == UInt8(ascii: ".") || b == UInt8(ascii: "-") || b == UInt8(ascii: "+")
                || b == UInt8(ascii: "e") || b == UInt8(ascii: "E")
        }
        guard allowed, let value = Double(String(decoding: f, as: UTF8.self)), value.isFinite else { return nil }
        return value
    }

    /// [sign] d{1,3} (,ddd)+ [. d+]
    static func grouped<C: Collection>(_ f: C) -> Reading where C.Element == UInt8 {
        var bytes = Array(f)
        var sign: [UInt8] = []
        if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            sign = [first]
            bytes.removeFirst()
        }
        let point = bytes.firstIndex(of: UInt8(ascii: "."))
        let integer = bytes[..<(point ?? bytes.endIndex)]
        let groups = integer.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
        let digitsOnly = { (g: ArraySlice<UInt8>) in g.allSatisfy { $0 >= 48 && $0 <= 57 } }
        guard groups.count >= 2, let lead = groups.first, (1...3).contains(lead.count), digitsOnly(lead),
            groups.dropFirst().allSatisfy({ $0.count == 3 && digitsOnly($0) })
        else { return .notANumber }
        let plain = sign + integer.filter { $0 != UInt8(ascii: ",") } + (point.map { Array(bytes[$0...]) } ?? [])
        guard let value = plainDecimal(plain) ?? general(plain) else { return .notANumber }
        if abs(value) > largestMagnitude { return .outOfRange(value) }
        return point != nil || groups.count > 2 ? .grouped(value) : .ambiguousGrouping(value)
    }
}

/// Whether a column's values show that its commas are thousands separators: a grouped value with a
/// decimal point or two commas, or any value with a decimal point (then the comma is not the decimal mark).
public struct GroupingEvidence: Sendable {
    public private(set) var commasGroup = false
    /// The first ambiguous value ("1,234"), for the error when nothing resolves it.
    public private(set) var firstAmbiguous: (line: Int, text: String)?

    public init() {}

    /// Notes one value's reading; `bytes` is its text, scanned (not copied) while no evidence is in.
    @inline(__always)
    public mutating func note<C: Collection>(_ reading: NumberText.Reading, bytes: C, line: Int)
    where C.Element == UInt8 {
        switch reading {
        case .grouped:
            commasGroup = true
        case .number where !commasGroup:
            if bytes.contains(UInt8(ascii: ".")) { commasGroup = true }
        case .ambiguousGrouping where firstAmbiguous == nil:
            firstAmbiguous = (line, String(decoding: bytes, as: UTF8.self))
        default:
            break
        }
    }

    /// The line it names moved down by `offset`.
    mutating func moveLines(by offset: Int) { firstAmbiguous?.line += offset }

    /// Adds a later stretch's evidence of the same column.
    mutating func absorb(_ later: GroupingEvidence) {
        commasGroup = commasGroup || later.commasGroup
        firstAmbiguous = firstAmbiguous ?? later.firstAmbiguous
    }

    /// The error for a column whose "1,234"-style values nothing resolved.
    public func unresolved(source: String, column: String) -> DataError? {
        guard !commasGroup, let first = firstAmbiguous else { return nil }
        return DataError(
            "\(source):\(first.line): column '\(column)': '\(first.text)' is ambiguous (1,234 as a thousands separator, or 1.234 with a decimal comma); write numbers without grouping commas, e.g. \(first.text.replacingOccurrences(of: ",", with: ""))"
        )
    }
}
