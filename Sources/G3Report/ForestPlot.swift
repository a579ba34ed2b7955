import Foundation

/// A horizontal forest plot: one row per estimate with its confidence interval, labels on the left.
/// The benchmark row (the randomized estimate) is drawn in orange, its interval shaded across the
/// plot and its estimate marked by a solid line; a dashed line marks 0. A row without an interval
/// shows its point only.
public struct ForestPlot {
    public struct Row {
        public let label: String
        public let estimate: Double
        public let low: Double?, high: Double?
        public init(label: String, estimate: Double, low: Double?, high: Double?) {
            self.label = label
            self.estimate = estimate
            self.low = low
            self.high = high
        }
    }
    public let title: String, xLabel: String
    public let benchmark: Row?
    public let rows: [Row]
    public init(title: String, xLabel: String, benchmark: Row?, rows: [Row]) {
        self.title = title
        self.xLabel = xLabel
        self.benchmark = benchmark
        self.rows = rows
    }

    public func svg() -> String {
        let n = SVG.n
        let all = (benchmark.map { [$0] } ?? []) + rows
        let rowHeight = 26.0
        let top = 50.0
        let bottom = 56.0
        let left = 330.0
        let right = 28.0
        let width = 900.0
        let height = top + bottom + rowHeight * Double(max(all.count, 1))
        let values = all.flatMap { [$0.estimate, $0.low, $0.high].compactMap { $0 } }.filter(\.isFinite) + [0]
        let ticks = LineChart.ticks(values.min()!, values.max()!)
        let low = ticks.first!
        let high = ticks.last!
        func x(_ v: Double) -> Double { left + (v - low) / max(high - low, 1e-300) * (width - left - right) }
        func y(_ i: Int) -> Double { top + rowHeight * (Double(i) + 0.5) }
        var svg = SVG.open(width: width, height: height, title: title)
        let plotBottom = height - bottom
        if let b = benchmark, let bl = b.low, let bh = b.high {
            svg +=
                "<rect x=\"\(n(x(bl)))\" y=\"\(n(top))\" width=\"\(n(x(bh) - x(bl)))\" height=\"\(n(plotBottom - top))\" fill=\"#f4a259\" fill-opacity=\"0.18\"/>\n"
        }
        for t in ticks {
            svg +=
                "<line x1=\"\(n(x(t)))\" y1=\"\(n(top))\" x2=\"\(n(x(t)))\" y2=\"\(n(plotBottom))\" stroke=\"#e5e5e5\"/>\n"
            svg +=
                "<text x=\"\(n(x(t)))\" y=\"\(n(plotBottom + 16))\" text-anchor=\"middle\">\(LineChart.label(t))</text>\n"
        }
        svg +=
            "<line x1=\"\(n(x(0)))\" y1=\"\(n(top))\" x2=\"\(n(x(0)))\" y2=\"\(n(plotBottom))\" stroke=\"#333\" stroke-dasharray=\"6 4\"/>\n"
        if let b = benchmark {
            svg +=
                "<line x1=\"\(n(x(b.estimate)))\" y1=\"\(n(top))\" x2=\"\(n(x(b.estimate)))\" y2=\"\(n(plotBottom))\" stroke=\"#d9822b\" stroke-width=\"1.5\"/>\n"
        }
        for (i, row) in all.enumerated() {
            let isBenchmark = benchmark != nil && i == 0
            let colour = isBenchmark ? "#d9822b" : "#1f5f99"
            let cy = n(y(i))
            svg +=
                "<text x=\"\(n(left - 10))\" y=\"\(cy)\" dy=\"4\" text-anchor=\"end\"\(isBenchmark ? " font-weight=\"bold\"" : "")>\(SVG.escape(Self.shortened(row.label)))</text>\n"
            if let l = row.low, let h = row.high {
                svg +=
                    "<line x1=\"\(n(x(l)))\" y1=\"\(cy)\" x2=\"\(n(x(h)))\" y2=\"\(cy)\" stroke=\"\(colour)\" stroke-width=\"2\"/>\n"
            }
            svg +=
                "<rect x=\"\(n(x(row.estimate) - 5))\" y=\"\(n(y(i) - 5))\" width=\"10\" height=\"10\" fill=\"\(colour)\"/>\n"
        }
        svg +=
            "<text x=\"\(n(left + (width - left - right) / 2))\" y=\"\(n(height - 14))\" text-anchor=\"middle\">\(SVG.escape(xLabel))</text>\n"
        return svg + "</svg>\n"
    }

    /// Labels longer than 52 characters end in an ellipsis, so that they fit the left margin.
    static func shortened(_ label: String) -> String { label.count <= 52 ? label : String(label.prefix(51)) + "…" }
}
