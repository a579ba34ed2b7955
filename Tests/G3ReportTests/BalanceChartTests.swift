import Foundation
import G3Observational
import Testing
@testable import G3Report

/// Issue 14, item 10: charts that do not mislead.
@Suite struct BalanceChartTests {
    static func row(_ term: String, _ before: Double, _ after: Double) -> BalanceRow {
        BalanceRow(
            term: term, binary: false, smdBefore: before, smdAfter: after, varianceRatioBefore: nil,
            varianceRatioAfter: nil,
            ecdfMeanBefore: nil, ecdfMeanAfter: nil, ecdfMaxBefore: nil, ecdfMaxAfter: nil)
    }

    /// Sorted by |SMD| before matching; an SMD of −8 is an arrow with its value, not the axis's scale;
    /// ±0.1 lines; a long name is shortened, whole in its tooltip.
    @Test func lovePlotSortsMarksOutliersAndKeepsNames() {
        let long = String(repeating: "customer_stage_of_adoption_", count: 3)
        let rows = [
            Self.row("age", 0.3, 0.05), Self.row("outlier", -8, -0.5), Self.row(long, 0.6, 0.02),
            Self.row("educ", 0.1, 0.0)
        ]
        #expect(LovePlot.limit(rows.flatMap { [$0.smdBefore, $0.smdAfter] }) == 1.2)
        let svg = LovePlot(rows: rows).svg()
        let order = ["outlier", "customer_stage", ">age<", ">educ<"].map { svg.range(of: $0)?.lowerBound }
        #expect(
            order.allSatisfy { $0 != nil } && order.compactMap { $0 } == order.compactMap { $0 }.sorted(),
            "rows are not sorted by |SMD|")
        #expect(svg.contains(">-8.00</text>") && svg.contains("<path d="))
        #expect(svg.contains(">−0.1</text>") && svg.contains(">0.1</text>"))
        #expect(svg.contains("<title>\(long)</title>") && svg.contains("…"))
    }

    /// Each group on its own scale: the tallest treated bar and the tallest control bar are equally tall.
    @Test func overlapScalesEachGroupToItsOwnPeak() throws {
        let treatedScores: [Double] = (0..<10).map { 0.8 + Double($0) * 0.01 }
        let controlScores: [Double] = (0..<1000).map { Double($0 % 50) / 100 }
        let scores = treatedScores + controlScores
        let treated: [Bool] = (0..<1010).map { $0 < 10 }
        let svg = OverlapPlot(scores: scores, treated: treated, weights: [Double](repeating: 1, count: 1010)).svg()
        let pieces = svg.components(separatedBy: "height=\"").dropFirst(2)
        let heights: [Double] = pieces.compactMap { piece in Double(String(piece.prefix { $0 != "\"" })) }
        let tallest = try #require(heights.max())
        #expect(heights.filter { abs($0 - tallest) < 1e-9 }.count >= 2, "\(heights)")
        #expect(svg.contains("treated: 10 units") && svg.contains("controls: 1000 units"))
    }
}
