import Foundation

/// A column's values as bytes, one after another in row order, with no table of distinct values: for
/// a column whose values are nearly all distinct (unit ids), where a table (`Interner`) costs a cache
/// miss and a String a row and saves nothing. Values are trimmed as text columns' are; a missing one
/// ("", NULL, NA, nan) has no bytes, and every other value has some (the empty field is missing).
public struct ByteValues: Sendable {
    /// Every value's bytes, end to end: row i spans `ends[i - 1]..<ends[i]` (from 0 for row 0).
    public private(set) var bytes: [UInt8] = []
    public private(set) var ends: [Int] = []
    /// Set when a value is not valid UTF-8.
    private(set) var invalid = false

    public var count: Int { ends.count }

    /// No values.
    public init() {}

    /// The values of a text column (codes into `levels`, −1 for missing), as bytes.
    init(codes: [Int32], levels: [String]) {
        ends.reserveCapacity(codes.count)
        for code in codes {
            if code >= 0 { bytes.append(contentsOf: levels[Int(code)].utf8) }
            ends.append(bytes.count)
        }
    }

    /// The bytes of row `row`.
    public func range(_ row: Int) -> Range<Int> { (row == 0 ? 0 : ends[row - 1])..<ends[row] }

    /// Row `row`'s value; nil when missing.
    public func value(_ row: Int) -> String? {
        let range = range(row)
        guard !range.isEmpty else { return nil }
        return bytes.withUnsafeBufferPointer { String(decoding: $0[range], as: UTF8.self) }
    }

    /// A field's value appended (no bytes for a missing token).
    @inline(__always)
    mutating func append(_ field: Slice<UnsafeBufferPointer<UInt8>>) {
        if !TypedCSVReader.isMissing(field) {
            let value = UnsafeBufferPointer(rebasing: field)
            bytes.append(contentsOf: value)
            if !invalid, value.contains(where: { $0 >= 0x80 }), String(validating: value, as: UTF8.self) == nil {
                invalid = true
            }
        }
        ends.append(bytes.count)
    }

    /// A later stretch's values appended after these.
    mutating func append(contentsOf other: ByteValues) {
        let offset = bytes.count
        bytes += other.bytes
        ends += other.ends.map { $0 + offset }
        invalid = invalid || other.invalid
    }

    /// The values of rows `rows` (in that order), as a column of their own.
    public func subset(_ rows: [Int]) -> ByteValues {
        var out = ByteValues()
        out.ends.reserveCapacity(rows.count)
        for row in rows {
            out.bytes.append(contentsOf: bytes[range(row)])
            out.ends.append(out.bytes.count)
        }
        return out
    }
}
