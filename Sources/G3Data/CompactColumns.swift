/// A column of numbers that may be missing, 8 bytes a value: a missing value is stored as NaN, which
/// no reader produces for a number ("nan" is a missing token). Reads and writes as `Double?`, so it
/// stands where `[Double?]` (16 bytes a value) stood; a panel of millions of rows keeps half the memory.
/// A column made `coded()` keeps its values in 4 bytes each (`DecimalCodes`: prices in cents, counts)
/// for as long as every value it takes has a code, and as doubles from the first that has none; both
/// read the same values, bit for bit.
public struct NumberColumn: RandomAccessCollection, MutableCollection, ExpressibleByArrayLiteral, Equatable, Sendable {
    /// The values as doubles; empty while `decimal` holds them.
    @usableFromInline var storage: [Double]
    /// The values as codes; nil for a column of doubles.
    @usableFromInline var decimal: DecimalCodes?

    public init() {
        storage = []
        decimal = nil
    }
    public init<S: Sequence>(_ values: S) where S.Element == Double? {
        storage = values.map { $0 ?? .nan }
        decimal = nil
    }
    public init(arrayLiteral values: Double?...) { self.init(values) }
    /// The values as stored, NaN for a missing one.
    init(storing values: UnsafeBufferPointer<Double>) {
        storage = Array(values)
        decimal = nil
    }
    /// `count` missing values, to be set one by one.
    public init(missing count: Int) {
        storage = [Double](repeating: .nan, count: count)
        decimal = nil
    }

    /// An empty column that keeps its values as 4-byte decimal codes while they all have one.
    public static func coded() -> NumberColumn {
        var column = NumberColumn()
        column.decimal = DecimalCodes()
        return column
    }

    /// Whether the values are held as 4-byte codes.
    public var isCoded: Bool { decimal != nil }

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { decimal?.codes.count ?? storage.count }

    /// Inlinable: the row loops of other modules read millions of values through it.
    @inlinable public subscript(i: Int) -> Double? {
        get {
            if let decimal { return decimal.value(decimal.codes[i]) }
            let v = storage[i]
            return v.isNaN ? nil : v
        }
        set {
            if decimal?.set(newValue, at: i) == true { return }
            makeDoubles()
            storage[i] = newValue ?? .nan
        }
    }

    /// The values as stored, NaN for a missing one (for loops over millions of rows); a coded column's
    /// values are decoded into a copy first.
    public func withUnsafeValues<R>(_ body: (UnsafeBufferPointer<Double>) throws -> R) rethrows -> R {
        guard let decimal else { return try storage.withUnsafeBufferPointer(body) }
        return try decimal.decoded().withUnsafeBufferPointer(body)
    }

    /// The values as stored, to be written in place; NaN stands for a missing one. A coded column
    /// becomes a column of doubles first.
    public mutating func withUnsafeMutableValues<R>(_ body: (UnsafeMutableBufferPointer<Double>) throws -> R) rethrows
        -> R
    {
        makeDoubles()
        return try storage.withUnsafeMutableBufferPointer { try body($0) }
    }

    public mutating func append(_ value: Double?) {
        if decimal?.append(value) == true { return }
        makeDoubles()
        storage.append(value ?? .nan)
    }

    public mutating func append(contentsOf other: NumberColumn) {
        other.withUnsafeValues { values in
            if decimal?.append(values) == true { return }
            makeDoubles()
            storage.append(contentsOf: values)
        }
    }

    public mutating func reserveCapacity(_ n: Int) {
        if decimal != nil { decimal?.codes.reserveCapacity(n) } else { storage.reserveCapacity(n) }
    }

    /// The values at `rows`, in that order.
    public func gathered(_ rows: [Int]) -> NumberColumn {
        var out = self
        if let decimal {
            out.decimal?.codes = rows.map { decimal.codes[$0] }
        } else {
            out.storage = rows.map { storage[$0] }
        }
        return out
    }

    /// The values moved to new rows: value i to row `row(i)` (asked in order of i; none when −1) of a
    /// column of `count` rows, each reached by one value; a missing value becomes 0 with
    /// `zeroingMissing`. With `inPlace` (no value's row comes after it) the values move within their
    /// own storage, front to back, so that none is overwritten before it has moved. Codes stay codes.
    @inlinable
    public consuming func placed(count: Int, inPlace: Bool, zeroingMissing: Bool, _ row: (Int) -> Int) -> NumberColumn {
        if decimal != nil {
            let codes = decimal?.takeCodes() ?? []
            let missing = DecimalCodes.missing
            decimal?.codes = Self.placed(
                consume codes, count: count, inPlace: inPlace, missing: missing, zero: zeroingMissing ? 0 : missing,
                isMissing: { $0 == missing }, row)
        } else {
            let values = storage
            storage = []
            storage = Self.placed(
                consume values, count: count, inPlace: inPlace, missing: .nan, zero: zeroingMissing ? 0 : .nan,
                isMissing: { $0.isNaN }, row)
        }
        return self
    }

    /// `placed` over either storage: `missing` fills the rows no value reaches, `zero` stands for a
    /// missing value moved.
    @inlinable
    static func placed<T>(
        _ values: consuming [T], count: Int, inPlace: Bool, missing: T, zero: T, isMissing: (T) -> Bool,
        _ row: (Int) -> Int
    ) -> [T] {
        guard inPlace, count <= values.count else {
            var out = [T](repeating: missing, count: count)
            values.withUnsafeBufferPointer { values in
                out.withUnsafeMutableBufferPointer { out in
                    for i in values.indices {
                        let p = row(i)
                        if p >= 0 { out[p] = isMissing(values[i]) ? zero : values[i] }
                    }
                }
            }
            return out
        }
        var out = consume values
        out.withUnsafeMutableBufferPointer { out in
            for i in out.indices {
                let p = row(i)
                guard p >= 0 else { continue }
                let v = out[i]
                out[p] = isMissing(v) ? zero : v
            }
        }
        out.removeSubrange(count...)
        return out
    }

    /// The codes decoded into doubles, for good.
    @usableFromInline mutating func makeDoubles() {
        guard let decimal else { return }
        storage = decimal.decoded()
        self.decimal = nil
    }

    public static func == (a: NumberColumn, b: NumberColumn) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0 == $1 }
    }
}

/// A column of labels that may be missing, 4 bytes a value: codes into the distinct values. Reads as
/// `String?`, so it stands where `[String?]` stood.
public struct LabelColumn: RandomAccessCollection, Sendable {
    /// −1 for a missing value.
    public let codes: [Int32]
    public let levels: [String]

    public init(codes: [Int32], levels: [String]) {
        self.codes = codes
        self.levels = levels
    }

    /// Labels given one by one (a simulation): each distinct value stored once.
    public init<S: Sequence>(_ values: S) where S.Element == String? {
        var index: [String: Int32] = [:]
        var levels: [String] = []
        codes = values.map { value in
            guard let value else { return -1 }
            if let code = index[value] { return code }
            let code = Int32(levels.count)
            index[value] = code
            levels.append(value)
            return code
        }
        self.levels = levels
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { codes.count }

    public subscript(i: Int) -> String? { codes[i] < 0 ? nil : levels[Int(codes[i])] }

    /// The labels at `rows`, in that order.
    public func gathered(_ rows: [Int]) -> LabelColumn {
        LabelColumn(codes: rows.map { codes[$0] }, levels: levels)
    }
}

/// A column of month indices (year·12 + month − 1, as `Month.index` gives them), 2 bytes a value:
/// each month's offset from the column's lowest, while the months span at most 65,535 months (every
/// panel of dates of one era), else 4 bytes a month. Reads as `Int`, so it stands where `[Int]` stood;
/// a panel of 64 million rows keeps 128 MB instead of 512.
public struct MonthColumn: RandomAccessCollection, Equatable, Sendable {
    /// month − lowest per row; empty when `wide` holds the months.
    @usableFromInline var offsets: [UInt16]
    /// The months, when some lies beyond `lowest` + 65,535.
    @usableFromInline var wide: [Int32]
    /// The month the offsets count from.
    @usableFromInline var lowest: Int

    public init(_ months: [Int32]) {
        self.init(count: months.count, span: Int(months.min() ?? 0)...Int(months.max() ?? 0))
        for (i, m) in months.enumerated() { set(i, to: Int(m)) }
    }

    /// Months given as whole numbers (a simulation, a test); a value beyond Int32 is clamped, which no
    /// month of a four-digit year is (`Month.index` is below 120,000).
    public init<S: Sequence>(_ months: S) where S.Element == Int {
        self.init(months.map { Int32(clamping: $0) })
    }

    /// `count` months, each `span`'s lowest until `set`: 2 bytes a month when `span` allows.
    public init(count: Int, span: ClosedRange<Int>) {
        lowest = span.lowerBound
        if span.upperBound - span.lowerBound <= Int(UInt16.max) {
            offsets = [UInt16](repeating: 0, count: count)
            wide = []
        } else {
            offsets = []
            wide = [Int32](repeating: Int32(clamping: span.lowerBound), count: count)
        }
    }

    /// Row i's month (clamped to Int32); a month that has no 2-byte offset makes the column 4 bytes a month.
    public mutating func set(_ i: Int, to month: Int) {
        if wide.isEmpty {
            let (offset, overflow) = month.subtractingReportingOverflow(lowest)
            if !overflow, let offset = UInt16(exactly: offset) {
                offsets[i] = offset
                return
            }
            wide = offsets.map { Int32(clamping: lowest + Int($0)) }
            offsets = []
        }
        wide[i] = Int32(clamping: month)
    }

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { wide.isEmpty ? offsets.count : wide.count }

    /// Inlinable: the row loops of other modules read millions of months through it.
    @inlinable public subscript(i: Int) -> Int { wide.isEmpty ? lowest + Int(offsets[i]) : Int(wide[i]) }

    public static func == (a: MonthColumn, b: MonthColumn) -> Bool { a.elementsEqual(b) }
}
