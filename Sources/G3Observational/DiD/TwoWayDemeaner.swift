/// Removes unit and time means from a variable by alternating projections (Guimarães & Portugal
/// 2010; the method of fixest and reghdfe): repeat "subtract the unit means, then the time means"
/// until no mean moves by more than `tolerance`. On a balanced panel one sweep is exact; an
/// unbalanced panel needs several. Never builds a dummy column per unit.
public struct TwoWayDemeaner: Sendable {
    public let unit: [Int], time: [Int]
    public let units: Int, times: Int
    public var tolerance = 1e-12
    public var maxSweeps = 10_000

    /// `unit[r]` in 0..<units and `time[r]` in 0..<times for each observation r.
    public init(unit: [Int], time: [Int]) {
        precondition(unit.count == time.count, "one unit and one time per observation")
        self.unit = unit
        self.time = time
        units = (unit.max() ?? -1) + 1
        times = (time.max() ?? -1) + 1
    }

    /// The variable with both sets of means removed (in its own storage when the caller hands it over).
    public func demean(_ values: consuming [Double]) throws -> [Double] {
        let scale = max(1, values.lazy.map(abs).max() ?? 1)
        var v = consume values
        var unitCount = [Double](repeating: 0, count: units)
        var timeCount = [Double](repeating: 0, count: times)
        for r in v.indices {
            unitCount[unit[r]] += 1
            timeCount[time[r]] += 1
        }
        for _ in 0..<maxSweeps {
            var largest = 0.0
            for (group, count, size) in [(unit, unitCount, units), (time, timeCount, times)] {
                var sum = [Double](repeating: 0, count: size)
                for r in v.indices { sum[group[r]] += v[r] }
                for g in 0..<size {
                    sum[g] /= count[g]
                    largest = max(largest, abs(sum[g]))
                }
                for r in v.indices { v[r] -= sum[group[r]] }
            }
            if largest <= tolerance * scale { return v }
        }
        throw ObservationalError("removing the unit and time effects did not converge in \(maxSweeps) sweeps")
    }
}
