import Foundation

/// Estimates with confidence intervals side by side: an event study (one point per relative period)
/// or a forest plot (one per group). A dashed line marks 0; hollow points are fixed references.
public struct CoefficientPlot {
    public struct Point {
        public let label: String
        public let estimate: Double, low: Double, high: Double
        public let isReference: Bool
        public init(label: String, estimate: Double, low: Double, high: Double, isReference: Bool = false) {
            self.label = label
            self.estimate = estimate
            self.low = low
            self.high = high
            self.isReference = isReference
        }
    }
    public let title: String, xLabel: String, yLabel: String
    public let points: [Point]
    public init(title: String, xLabel: String, yLabel: String, points: [Point]) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.points = points
    }

    public func svg() -> String {
        let n = SVG.n
        let width = 720.0
        let height = 420.0
        let left = 84.0
        let right = 24.0
        let top = 48.0
        let bottom = 70.0
        let values = points.flatMap { [$0.low, $0.high, $0.estimate] }.filter(\.isFinite) + [0]
        let ticks = LineChart.ticks(values.min()!, values.max()!)
        let low = ticks.first!
        let high = ticks.last!
        func y(_ v: Double) -> Double { top + (high - v) / max(high - low, 1e-300) * (height - top - bottom) }
        let step = (width - left - right) / Double(max(points.count, 1))
        func x(_ i: Int) -> Double { left + step * (Double(i) + 0.5) }
        var svg = SVG.open(width: width, height: height, title: title)
        for t in ticks {
            svg +=
                "<line x1=\"\(n(left))\" y1=\"\(n(y(t)))\" x2=\"\(n(width - right))\" y2=\"\(n(y(t)))\" stroke=\"#e5e5e5\"/>\n"
            svg +=
                "<text x=\"\(n(left - 8))\" y=\"\(n(y(t)))\" dy=\"4\" text-anchor=\"end\">\(LineChart.label(t))</text>\n"
        }
        svg +=
            "<line x1=\"\(n(left))\" y1=\"\(n(y(0)))\" x2=\"\(n(width - right))\" y2=\"\(n(y(0)))\" stroke=\"#333\" stroke-dasharray=\"6 4\"/>\n"
        for (i, p) in points.enumerated() {
            let cx = n(x(i))
            if !p.isReference {
                svg +=
                    "<line x1=\"\(cx)\" y1=\"\(n(y(p.low)))\" x2=\"\(cx)\" y2=\"\(n(y(p.high)))\" stroke=\"#1f5f99\" stroke-width=\"2\"/>\n"
            }
            svg +=
                "<circle cx=\"\(cx)\" cy=\"\(n(y(p.estimate)))\" r=\"5\" fill=\"\(p.isReference ? "white" : "#1f5f99")\" stroke=\"#1f5f99\" stroke-width=\"2\"/>\n"
            svg +=
                "<text x=\"\(cx)\" y=\"\(n(height - bottom + 18))\" text-anchor=\"middle\">\(SVG.escape(p.label))</text>\n"
        }
        svg +=
            "<text x=\"\(n(left + (width - left - right) / 2))\" y=\"\(n(height - 20))\" text-anchor=\"middle\">\(SVG.escape(xLabel))</text>\n"
        svg +=
            "<text transform=\"translate(18 \(n(top + (height - top - bottom) / 2))) rotate(-90)\" text-anchor=\"middle\">\(SVG.escape(yLabel))</text>\n"
        return svg + "</svg>\n"
    }
}
