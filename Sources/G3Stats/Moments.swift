/// Mean and sample variance (n − 1 denominator) by Welford's one-pass update.
public struct Moments: Sendable {
    public private(set) var count = 0
    public private(set) var mean = 0.0
    private var sumSquares = 0.0

    public init() {}
    public init<S: Sequence>(_ values: S) where S.Element == Double { for v in values { add(v) } }
    /// The same for an array, compiled for it (the generic one is not specialized across modules).
    public init(_ values: [Double]) { for v in values { add(v) } }

    public mutating func add(_ x: Double) {
        count += 1
        let delta = x - mean
        mean += delta / Double(count)
        sumSquares += delta * (x - mean)
    }

    /// The sample variance s² with n − 1 in the denominator; NaN for fewer than two values.
    public var variance: Double { count > 1 ? sumSquares / Double(count - 1) : .nan }
}
