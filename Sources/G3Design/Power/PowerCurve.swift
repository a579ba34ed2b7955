/// One point of a power curve: x is the treatment-arm size, Cohen's d, or the treatment proportion.
public struct PowerCurvePoint: Equatable, Sendable {
    public let x: Double
    public let power: Double
}

/// What a power curve varies.
public enum PowerCurveAxis: String, Sendable {
    case nTreatment = "n_treatment"
    case effectD = "effect_d"
    case pTreatment = "p_treatment"
}

extension PowerCalculator {
    /// Power over `points` evenly spaced values of the curve's axis around a solved result:
    /// over n when n was solved (from the smallest design to 2.5 n), otherwise over the effect
    /// at the result's n (from no effect to 2.5 × the effect, or up to a proportion of 1).
    public func curve(around result: PowerResult, points: Int) throws -> (
        axis: PowerCurveAxis, points: [PowerCurvePoint]
    ) {
        precondition(points >= 2, "a curve needs at least two points")
        func grid(_ from: Double, _ to: Double) -> [Double] {
            (0..<points).map { from + (to - from) * Double($0) / Double(points - 1) }
        }
        switch (result.solvedFor, result.effect) {
        case (.sampleSize, _):
            let values = grid(minimumTreatmentSize, max(2.5 * result.nTreatment, minimumTreatmentSize + 1))
            return (
                .nTreatment,
                try values.map { PowerCurvePoint(x: $0, power: try power(nTreatment: $0, effect: result.effect)) }
            )
        case (_, .standardized(let d)):
            let values = grid(0, 2.5 * max(abs(d), 1e-3))
            return (
                .effectD,
                try values.map {
                    PowerCurvePoint(x: $0, power: try power(nTreatment: result.nTreatment, effect: .standardized($0)))
                }
            )
        case (_, .proportions(let p0, let p1)):
            let top = min(1 - 1e-9, p0 + 2.5 * max(abs(p1 - p0), 1e-3))
            return (
                .pTreatment,
                try grid(p0, top).map {
                    PowerCurvePoint(
                        x: $0,
                        power: try power(
                            nTreatment: result.nTreatment, effect: .proportions(control: p0, treatment: $0)))
                }
            )
        }
    }
}
