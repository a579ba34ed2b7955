import Foundation
import G3Observational

/// A love plot as cobalt draws it: the signed SMD of each term before (open circle) and after
/// matching (filled), terms sorted by |SMD| before matching (largest first), dashed lines at ±0.1.
/// The axis covers the bulk of the points: an SMD far beyond the rest (|SMD| over 1 and over twice
/// the 90th percentile) is drawn as an arrow at the edge with its value, instead of squashing the others.
public struct LovePlot {
    public let rows: [BalanceRow]
    public init(rows: [BalanceRow]) { self.rows = rows }

    /// The half-width of the axis.
    static func limit(_ values: [Double]) -> Double {
        let sorted = values.map(abs).filter(\.isFinite).sorted()
        guard let largest = sorted.last else { return 0.25 }
        let q90 = sorted[min(sorted.count - 1, Int(0.9 * Double(sorted.count - 1)))]
        return max(0.25, min(largest, max(1, 2 * q90)))
    }

    public func svg() -> String {
        let n = SVG.n
        let ordered = rows.sorted { abs($0.smdBefore) > abs($1.smdBefore) }
        let longest = ordered.map(\.term.count).max() ?? 0
        let left = min(40 + 7 * Double(longest), 360)
        let right = 70.0
        let top = 56.0
        let rowHeight = 26.0
        let width = left + 560
        let height = top + rowHeight * Double(ordered.count) + 60
        let axis = LineChart.ticks(0, Self.limit(ordered.flatMap { [$0.smdBefore, $0.smdAfter] }))
        let bound = axis.last ?? 0.25
        let plotWidth = width - left - right
        func px(_ v: Double) -> Double { left + (max(-bound, min(v, bound)) + bound) / (2 * bound) * plotWidth }
        var svg = SVG.open(
            width: width, height: height, title: "Balance before and after matching (standardized mean difference)")
        let bottom = top + rowHeight * Double(ordered.count)
        for t in axis.reversed().map({ -$0 }) + axis.dropFirst() {
            svg +=
                "<line x1=\"\(n(px(t)))\" y1=\"\(n(top))\" x2=\"\(n(px(t)))\" y2=\"\(n(bottom))\" stroke=\"\(t == 0 ? "#777" : "#e5e5e5")\"/>\n"
            svg +=
                "<text x=\"\(n(px(t)))\" y=\"\(n(bottom + 18))\" text-anchor=\"middle\">\(LineChart.label(t))</text>\n"
        }
        for t in [-0.1, 0.1] {
            svg +=
                "<line x1=\"\(n(px(t)))\" y1=\"\(n(top))\" x2=\"\(n(px(t)))\" y2=\"\(n(bottom))\" stroke=\"#c0392b\" stroke-dasharray=\"6 4\"/>\n"
            svg +=
                "<text x=\"\(n(px(t)))\" y=\"\(n(top - 6))\" text-anchor=\"middle\" fill=\"#c0392b\">\(t < 0 ? "−0.1" : "0.1")</text>\n"
        }
        for (i, row) in ordered.enumerated() {
            let y = top + rowHeight * (Double(i) + 0.5)
            let name = row.term.count > 48 ? String(row.term.prefix(47)) + "…" : row.term
            svg +=
                "<text x=\"\(n(left - 10))\" y=\"\(n(y))\" dy=\"4\" text-anchor=\"end\"><title>\(SVG.escape(row.term))</title>\(SVG.escape(name))</text>\n"
            svg +=
                "<line x1=\"\(n(px(row.smdBefore)))\" y1=\"\(n(y))\" x2=\"\(n(px(row.smdAfter)))\" y2=\"\(n(y))\" stroke=\"#999\"/>\n"
            svg += marker(row.smdBefore, x: px(row.smdBefore), y: y, bound: bound, filled: false)
            svg += marker(row.smdAfter, x: px(row.smdAfter), y: y, bound: bound, filled: true)
        }
        svg +=
            "<text x=\"\(n(left + plotWidth / 2))\" y=\"\(n(height - 14))\" text-anchor=\"middle\">SMD (open: before matching, filled: after; ► beyond the axis, with its value)</text>\n"
        return svg + "</svg>\n"
    }

    /// A circle, or for a value beyond the axis an arrow at the edge labelled with the value.
    private func marker(_ value: Double, x: Double, y: Double, bound: Double, filled: Bool) -> String {
        let n = SVG.n
        let fill = filled ? "#1f5f99" : "white"
        guard abs(value) > bound || !value.isFinite else {
            return
                "<circle cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"5\" fill=\"\(fill)\" stroke=\"#1f5f99\" stroke-width=\"2\"/>\n"
        }
        let direction = value < 0 ? -1.0 : 1.0
        let tip = x + direction * 6
        let label = value.isFinite ? String(format: "%.2f", value) : "not finite"
        return
            "<path d=\"M \(n(tip)) \(n(y)) L \(n(x - direction * 4)) \(n(y - 6)) L \(n(x - direction * 4)) \(n(y + 6)) Z\" fill=\"\(fill)\" stroke=\"#1f5f99\" stroke-width=\"2\"/>\n"
            + "<text x=\"\(n(tip + direction * 4))\" y=\"\(n(y))\" dy=\"4\" text-anchor=\"\(value < 0 ? "end" : "start")\" fill=\"#1f5f99\">\(label)</text>\n"
    }
}

/// Propensity-score overlap, mirrored as cobalt draws it: treated above the axis, controls below,
/// each group scaled to its own tallest bar (so a small treated group stays visible beside many
/// controls), before matching (light) and the matched units (dark).
public struct OverlapPlot {
    public let scores: [Double]
    public let treated: [Bool]
    public let weights: [Double]
    public init(scores: [Double], treated: [Bool], weights: [Double]) {
        self.scores = scores
        self.treated = treated
        self.weights = weights
    }

    /// Units per bin of one group, all or matched only.
    func counts(_ group: Bool, matched: Bool, bins: Int) -> [Double] {
        var c = [Double](repeating: 0, count: bins)
        for i in scores.indices where treated[i] == group && (!matched || weights[i] > 0) && scores[i].isFinite {
            c[min(bins - 1, max(0, Int(scores[i] * Double(bins))))] += 1
        }
        return c
    }

    public func svg(bins: Int = 25) -> String {
        let n = SVG.n
        let width = 680.0
        let height = 440.0
        let left = 60.0
        let right = 24.0
        let top = 48.0
        let bottom = 56.0
        let mid = top + (height - top - bottom) / 2
        let half = (height - top - bottom) / 2 - 22
        let barWidth = (width - left - right) / Double(bins)
        var svg = SVG.open(
            width: width, height: height,
            title: "Propensity score overlap (treated above, controls below; each on its own scale)")
        for above in [true, false] {
            let all = counts(above, matched: false, bins: bins)
            let matched = counts(above, matched: true, bins: bins)
            let peak = max(all.max() ?? 1, 1)
            for (values, colour) in [(all, above ? "#b7cde3" : "#f2c4bd"), (matched, above ? "#1f5f99" : "#c0392b")] {
                for b in 0..<bins where values[b] > 0 {
                    let h = values[b] / peak * half
                    svg +=
                        "<rect x=\"\(n(left + Double(b) * barWidth + 1))\" y=\"\(n(above ? mid - h : mid))\" width=\"\(n(barWidth - 2))\" height=\"\(n(h))\" fill=\"\(colour)\"/>\n"
                }
            }
            let total = Int(all.reduce(0, +))
            let y = above ? top + 4 : height - bottom + 2
            svg +=
                "<text x=\"\(n(width - right))\" y=\"\(n(y))\" text-anchor=\"end\">\(above ? "treated" : "controls"): \(total) units, tallest bar \(Int(peak))</text>\n"
        }
        svg +=
            "<line x1=\"\(n(left))\" y1=\"\(n(mid))\" x2=\"\(n(width - right))\" y2=\"\(n(mid))\" stroke=\"#333\"/>\n"
        for t in stride(from: 0.0, through: 1.0, by: 0.2) {
            let x = left + t * (width - left - right)
            svg +=
                "<text x=\"\(n(x))\" y=\"\(n(height - bottom + 18))\" text-anchor=\"middle\">\(String(format: "%.1f", t))</text>\n"
        }
        svg +=
            "<text x=\"\(n(left + (width - left - right) / 2))\" y=\"\(n(height - 16))\" text-anchor=\"middle\">propensity score (light: all units, dark: matched)</text>\n"
        return svg + "</svg>\n"
    }
}
