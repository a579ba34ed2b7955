/// z = (x − mean)/SD with a column's mean and SD (0 for every value of a constant column), applied
/// value by value, so that a standardized copy of a large column need not be stored.
public struct Standardization: Sendable {
    public let mean: Double
    public let sd: Double

    public init(_ values: [Double]) { self.init(Moments(values)) }

    /// From the moments of the values, added one at a time (values that are not stored).
    public init(_ moments: Moments) {
        mean = moments.mean
        sd = moments.variance.squareRoot()
    }

    @inlinable
    public func callAsFunction(_ x: Double) -> Double { sd > 0 ? (x - mean) / sd : 0 }
}
