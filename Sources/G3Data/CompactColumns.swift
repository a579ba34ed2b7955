/// A column of numbers that may be missing, 8 bytes a value: a missing value is stored as NaN, which
/// no reader produces for a number ("nan" is a missing token). Reads and writes as `Double?`, so it
/// stands where `[Double?]` (16 bytes a value) stood; a panel of millions of rows keeps half the memory.
public struct NumberColumn: RandomAccessCollection, MutableCollection, ExpressibleByArrayLiteral, Equatable, Sendable {
    @usableFromInline var storage: [Double]

    public init() { storage = [] }
    public init<S: Sequence>(_ values: S) where S.Element == Double? { storage = values.map { $0 ?? .nan } }
    public init(arrayLiteral values: Double?...) { self.init(values) }
    /// The values as stored, NaN for a missing one.
    init(storing values: UnsafeBufferPointer<Double>) { storage = Array(values) }
    /// `count` missing values, to be set one by one.
    public init(missing count: Int) { storage = [Double](repeating: .nan, count: count) }

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { storage.count }

    /// Inlinable: the row loops of other modules read millions of values through it.
    @inlinable public subscript(i: Int) -> Double? {
        get {
            let v = storage[i]
            return v.isNaN ? nil : v
        }
        set { storage[i] = newValue ?? .nan }
    }

    /// The values as stored, NaN for a missing one (for loops over millions of rows).
    public func withUnsafeValues<R>(_ body: (UnsafeBufferPointer<Double>) throws -> R) rethrows -> R {
        try storage.withUnsafeBufferPointer(body)
    }

    /// The values as stored, to be written in place; NaN stands for a missing one.
    public mutating func withUnsafeMutableValues<R>(_ body: (UnsafeMutableBufferPointer<Double>) throws -> R) rethrows
        -> R
    {
        try storage.withUnsafeMutableBufferPointer { try body($0) }
    }

    public mutating func append(_ value: Double?) { storage.append(value ?? .nan) }
    public mutating func append(contentsOf other: NumberColumn) { storage += other.storage }
    public mutating func reserveCapacity(_ n: Int) { storage.reserveCapacity(n) }
    /// Keeps the first `count` values (a column compacted in place).
    public mutating func keepFirst(_ count: Int) { storage.removeSubrange(Swift.min(count, storage.count)...) }

    /// The values at `rows`, in that order.
    public func gathered(_ rows: [Int]) -> NumberColumn {
        var out = NumberColumn()
        out.storage = rows.map { storage[$0] }
        return out
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

/// A column of month indices (year·12 + month − 1, as `Month.index` gives them), 4 bytes a value.
/// Reads as `Int`, so it stands where `[Int]` stood; a panel of millions of rows keeps half the memory.
public struct MonthColumn: RandomAccessCollection, Equatable, Sendable {
    @usableFromInline let storage: [Int32]

    public init(_ months: [Int32]) { storage = months }
    /// Months given as whole numbers (a simulation, a test); a value beyond Int32 is clamped, which no
    /// month of a four-digit year is (`Month.index` is below 120,000).
    public init<S: Sequence>(_ months: S) where S.Element == Int { storage = months.map { Int32(clamping: $0) } }

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { storage.count }

    /// Inlinable: the row loops of other modules read millions of months through it.
    @inlinable public subscript(i: Int) -> Int { Int(storage[i]) }
}
