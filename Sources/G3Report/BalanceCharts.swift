import Foundation
import G3Observational

/// A love plot: |SMD| of each term before (open circle) and after matching (filled), with the 0.1 line.
public struct LovePlot {
    public let rows: [BalanceRow]
    public init(rows: [BalanceRow]) { self.rows = rows }

    public func svg() -> String {
        let n = SVG.n
        let left = 150.0, right = 30.0, top = 56.0, rowHeight = 26.0
        let width = 680.0, height = top + rowHeight * Double(rows.count) + 60
        let largest = max(rows.flatMap { [abs($0.smdBefore), abs($0.smdAfter)] }.filter(\.isFinite).max() ?? 0.1, 0.15)
        let ticks = LineChart.ticks(0, largest)
        let top_ = ticks.last!
        func px(_ v: Double) -> String { n(left + min(v, top_) / top_ * (width - left - right)) }
        var svg = SVG.open(width: width, height: height, title: "Balance before and after matching (|standardized mean difference|)")
        let bottom = top + rowHeight * Double(rows.count)
        for t in ticks {
            svg += "<line x1=\"\(px(t))\" y1=\"\(n(top))\" x2=\"\(px(t))\" y2=\"\(n(bottom))\" stroke=\"#e5e5e5\"/>\n"
            svg += "<text x=\"\(px(t))\" y=\"\(n(bottom + 18))\" text-anchor=\"middle\">\(LineChart.label(t))</text>\n"
        }
        svg += "<line x1=\"\(px(0.1))\" y1=\"\(n(top))\" x2=\"\(px(0.1))\" y2=\"\(n(bottom))\" stroke=\"#c0392b\" stroke-dasharray=\"6 4\"/>\n"
        svg += "<text x=\"\(px(0.1))\" y=\"\(n(top - 6))\" text-anchor=\"middle\" fill=\"#c0392b\">0.1</text>\n"
        for (i, row) in rows.enumerated() {
            let y = n(top + rowHeight * (Double(i) + 0.5))
            svg += "<text x=\"\(n(left - 10))\" y=\"\(y)\" dy=\"4\" text-anchor=\"end\">\(SVG.escape(row.term))</text>\n"
            svg += "<line x1=\"\(px(abs(row.smdBefore)))\" y1=\"\(y)\" x2=\"\(px(abs(row.smdAfter)))\" y2=\"\(y)\" stroke=\"#999\"/>\n"
            svg += "<circle cx=\"\(px(abs(row.smdBefore)))\" cy=\"\(y)\" r=\"5\" fill=\"white\" stroke=\"#1f5f99\" stroke-width=\"2\"/>\n"
            svg += "<circle cx=\"\(px(abs(row.smdAfter)))\" cy=\"\(y)\" r=\"5\" fill=\"#1f5f99\"/>\n"
        }
        svg += "<text x=\"\(n(left + (width - left - right) / 2))\" y=\"\(n(height - 14))\" text-anchor=\"middle\">|SMD| (open: before matching, filled: after)</text>\n"
        return svg + "</svg>\n"
    }
}

/// Propensity-score overlap: histograms of the score, treated above the axis and controls below,
/// before matching (light) and the matched units (dark).
public struct OverlapPlot {
    public let scores: [Double]
    public let treated: [Bool]
    public let weights: [Double]
    public init(scores: [Double], treated: [Bool], weights: [Double]) { self.scores = scores; self.treated = treated; self.weights = weights }

    public func svg(bins: Int = 25) -> String {
        let n = SVG.n
        let width = 680.0, height = 420.0, left = 60.0, right = 24.0, top = 48.0, bottom = 56.0
        func counts(_ group: Bool, matched: Bool) -> [Double] {
            var c = [Double](repeating: 0, count: bins)
            for i in scores.indices where treated[i] == group && (!matched || weights[i] > 0) {
                c[min(bins - 1, Int(scores[i] * Double(bins)))] += 1
            }
            return c
        }
        let shares = [counts(true, matched: false), counts(true, matched: true), counts(false, matched: false), counts(false, matched: true)]
        let peak = max(shares.flatMap { $0 }.max() ?? 1, 1)
        let mid = top + (height - top - bottom) / 2, half = (height - top - bottom) / 2
        let barWidth = (width - left - right) / Double(bins)
        var svg = SVG.open(width: width, height: height, title: "Propensity score overlap (treated above, controls below)")
        for (k, (above, colour)) in [(true, "#b7cde3"), (true, "#1f5f99"), (false, "#f2c4bd"), (false, "#c0392b")].enumerated() {
            for b in 0..<bins where shares[k][b] > 0 {
                let h = shares[k][b] / peak * half
                let y = above ? mid - h : mid
                svg += "<rect x=\"\(n(left + Double(b) * barWidth + 1))\" y=\"\(n(y))\" width=\"\(n(barWidth - 2))\" height=\"\(n(h))\" fill=\"\(colour)\"/>\n"
            }
        }
        svg += "<line x1=\"\(n(left))\" y1=\"\(n(mid))\" x2=\"\(n(width - right))\" y2=\"\(n(mid))\" stroke=\"#333\"/>\n"
        for t in stride(from: 0.0, through: 1.0, by: 0.2) {
            let x = left + t * (width - left - right)
            svg += "<text x=\"\(n(x))\" y=\"\(n(height - bottom + 18))\" text-anchor=\"middle\">\(String(format: "%.1f", t))</text>\n"
        }
        svg += "<text x=\"\(n(left + (width - left - right) / 2))\" y=\"\(n(height - 16))\" text-anchor=\"middle\">propensity score (light: all units, dark: matched)</text>\n"
        svg += "<text x=\"\(n(left + 4))\" y=\"\(n(top + 14))\">treated (peak \(Int(peak)))</text>\n"
        svg += "<text x=\"\(n(left + 4))\" y=\"\(n(height - bottom - 6))\">controls</text>\n"
        return svg + "</svg>\n"
    }
}
