import Foundation

/// A self-contained SVG line chart: one series, labelled axes with round ticks, optional
/// horizontal reference lines and one marked point.
public struct LineChart {
    public struct Point: Equatable {
        public let x, y: Double
        public init(x: Double, y: Double) {
            self.x = x
            self.y = y
        }
    }
    public struct Reference {
        public let y: Double
        public let label: String
        public init(y: Double, label: String) {
            self.y = y
            self.label = label
        }
    }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var points: [Point]
    public var yRange: ClosedRange<Double>?
    public var references: [Reference] = []
    public var marked: (point: Point, label: String)?

    public init(title: String, xLabel: String, yLabel: String, points: [Point], yRange: ClosedRange<Double>? = nil) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.points = points
        self.yRange = yRange
    }

    static let width = 720.0, height = 440.0
    static let left = 72.0, right = 24.0, top = 48.0, bottom = 60.0

    public func svg() -> String {
        let xs = points.map(\.x)
        let ys = points.map(\.y)
        let xTicks = Self.ticks(xs.min() ?? 0, xs.max() ?? 1)
        let yTicks = yRange.map { Self.ticks($0.lowerBound, $0.upperBound) } ?? Self.ticks(ys.min() ?? 0, ys.max() ?? 1)
        let (x0, x1) = (xTicks.first!, xTicks.last!)
        let (y0, y1) = (yTicks.first!, yTicks.last!)
        let plotW = Self.width - Self.left - Self.right
        let plotH = Self.height - Self.top - Self.bottom
        func px(_ x: Double) -> Double { Self.left + (x - x0) / (x1 - x0) * plotW }
        func py(_ y: Double) -> Double { Self.top + (1 - (y - y0) / (y1 - y0)) * plotH }
        let n = SVG.n
        let escape = SVG.escape
        var svg = SVG.open(width: Self.width, height: Self.height, title: title)
        for t in xTicks {
            svg +=
                "<line x1=\"\(n(px(t)))\" y1=\"\(n(Self.top))\" x2=\"\(n(px(t)))\" y2=\"\(n(Self.top + plotH))\" stroke=\"#e5e5e5\"/>\n"
            svg +=
                "<text x=\"\(n(px(t)))\" y=\"\(n(Self.top + plotH + 18))\" text-anchor=\"middle\">\(Self.label(t))</text>\n"
        }
        for t in yTicks {
            svg +=
                "<line x1=\"\(n(Self.left))\" y1=\"\(n(py(t)))\" x2=\"\(n(Self.left + plotW))\" y2=\"\(n(py(t)))\" stroke=\"#e5e5e5\"/>\n"
            svg += "<text x=\"\(n(Self.left - 8))\" y=\"\(n(py(t) + 4))\" text-anchor=\"end\">\(Self.label(t))</text>\n"
        }
        svg +=
            "<rect x=\"\(n(Self.left))\" y=\"\(n(Self.top))\" width=\"\(n(plotW))\" height=\"\(n(plotH))\" fill=\"none\" stroke=\"#333\"/>\n"
        svg +=
            "<text x=\"\(n(Self.left + plotW / 2))\" y=\"\(n(Self.height - 16))\" text-anchor=\"middle\">\(escape(xLabel))</text>\n"
        svg +=
            "<text transform=\"translate(18 \(n(Self.top + plotH / 2))) rotate(-90)\" text-anchor=\"middle\">\(escape(yLabel))</text>\n"
        for reference in references where reference.y >= y0 && reference.y <= y1 {
            svg +=
                "<line x1=\"\(n(Self.left))\" y1=\"\(n(py(reference.y)))\" x2=\"\(n(Self.left + plotW))\" y2=\"\(n(py(reference.y)))\" stroke=\"#c0392b\" stroke-dasharray=\"6 4\"/>\n"
            svg +=
                "<text x=\"\(n(Self.left + plotW - 4))\" y=\"\(n(py(reference.y) - 6))\" text-anchor=\"end\" fill=\"#c0392b\">\(escape(reference.label))</text>\n"
        }
        let path = points.map { "\(n(px($0.x))),\(n(py($0.y)))" }.joined(separator: " ")
        svg += "<polyline points=\"\(path)\" fill=\"none\" stroke=\"#1f5f99\" stroke-width=\"2\"/>\n"
        if let (point, label) = marked {
            svg += "<circle cx=\"\(n(px(point.x)))\" cy=\"\(n(py(point.y)))\" r=\"5\" fill=\"#c0392b\"/>\n"
            let anchor = px(point.x) > Self.left + plotW * 0.7 ? "end" : "start"
            let dx = anchor == "end" ? -9.0 : 9.0
            svg +=
                "<text x=\"\(n(px(point.x) + dx))\" y=\"\(n(py(point.y) + 16))\" text-anchor=\"\(anchor)\">\(escape(label))</text>\n"
        }
        return svg + "</svg>\n"
    }

    /// Round tick values covering [low, high]: steps of 1, 2 or 5 × 10^k, about six of them.
    static func ticks(_ low: Double, _ high: Double) -> [Double] {
        let span = high > low ? high - low : max(abs(low), 1)
        let raw = span / 6
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        let first = floor(low / step) * step
        let last = Swift.max(ceil(high / step) * step, first + step)
        return stride(from: first, through: last + step / 2, by: step).map { $0 }
    }

    static func label(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e9 { return Format.grouped(v) }
        return String(format: "%g", v)
    }
}
