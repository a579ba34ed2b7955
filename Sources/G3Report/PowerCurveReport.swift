import G3Design

/// A power curve as CSV (`x,power` with the axis named) or as an SVG chart with the 80% line
/// and the solved point marked.
public struct PowerCurveReport {
    public let axis: PowerCurveAxis
    public let points: [PowerCurvePoint]
    public let result: PowerResult

    public init(axis: PowerCurveAxis, points: [PowerCurvePoint], result: PowerResult) {
        self.axis = axis
        self.points = points
        self.result = result
    }

    public func csv() -> String {
        ([CSV.line([axis.rawValue, "power"])] + points.map { CSV.line([CSV.number($0.x), CSV.number($0.power)]) })
            .joined(separator: "\n") + "\n"
    }

    public func svg() -> String {
        let xLabel: String
        let marked: LineChart.Point
        let label: String
        switch axis {
        case .nTreatment:
            xLabel = "accounts in the treatment arm (n)"
            marked = .init(x: result.nTreatment, y: result.power)
            label = "n = \(Format.grouped(result.nTreatment, 1)), power \(Format.fixed(result.power, 3))"
        case .effectD:
            xLabel = "standardized effect (Cohen's d)"
            marked = .init(x: result.effect.standardized, y: result.power)
            label = "d = \(Format.fixed(result.effect.standardized, 4)), power \(Format.fixed(result.power, 3))"
        case .pTreatment:
            guard case .proportions(_, let p1) = result.effect else {
                preconditionFailure("proportion curve without proportions")
            }
            xLabel = "proportion in the treatment arm"
            marked = .init(x: p1, y: result.power)
            label = "p = \(Format.fixed(p1, 4)), power \(Format.fixed(result.power, 3))"
        }
        let title =
            axis == .nTreatment
            ? "Power against sample size at d = \(Format.fixed(result.effect.standardized, 4))"
            : "Power against effect at n = \(Format.grouped(result.nTreatment, 1)) per treatment arm"
        var chart = LineChart(
            title: title, xLabel: xLabel, yLabel: "power",
            points: points.map { .init(x: $0.x, y: $0.power) }, yRange: 0...1)
        chart.references = [.init(y: 0.8, label: "80% power")]
        chart.marked = (marked, label)
        return chart.svg()
    }
}
