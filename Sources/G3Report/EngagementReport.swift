import Foundation
import G3Observational

/// `g3-design engagements`: the win-rate table, its JSON and CSV, and a dot-and-interval chart.
public struct EngagementReport {
    public let rates: WinRates
    public let by: String
    public let duplicates: Int
    public init(rates: WinRates, by: String, duplicates: Int) {
        self.rates = rates
        self.by = by
        self.duplicates = duplicates
    }

    public func table() -> String {
        let percent = Format.percent(rates.level, 0)
        var text =
            "Win rates by \(by): \(Format.grouped(Double(rates.opportunities))) opportunities, \(Format.grouped(Double(rates.won))) won "
            + "(\(Format.percent(Double(rates.won) / Double(rates.opportunities), 1)), \(percent) CI \(Format.percent(rates.interval.low, 1))–\(Format.percent(rates.interval.high, 1)))"
            + (duplicates > 0 ? "; \(duplicates) duplicate opportunity rows removed" : "") + "\n"
        var table = TextTable([
            ("rank", .right), (by, .left), ("opps", .right), ("won", .right), ("win rate", .right),
            ("\(percent) CI", .right),
            ("vs rest p (Holm)", .right), ("total ARR won", .right), ("\(percent) CI", .right), ("ARR per win", .right),
            ("\(percent) CI", .right)
        ])
        for g in rates.groups {
            table.add([
                g.rank.map(String.init) ?? "small", g.name, Format.grouped(Double(g.opportunities)),
                Format.grouped(Double(g.won)),
                Format.percent(g.winRate, 1),
                "\(Format.percent(g.interval.low, 1))–\(Format.percent(g.interval.high, 1))",
                Format.pValue(g.pHolm), Format.grouped(g.totalARR), range(g.totalARRInterval),
                g.meanARR.map { Format.grouped($0) } ?? "–", range(g.meanARRInterval)
            ])
        }
        text += table.render()
        let small = rates.groups.filter(\.isSmall).count
        if small > 0 {
            text +=
                "  \(small) group\(small == 1 ? "" : "s") with fewer than \(rates.minimumGroup) opportunities are listed as small and not ranked\n"
        }
        let overlapping = rates.groups.filter { !$0.isSmall }
        if let top = overlapping.first, overlapping.count > 1 {
            let tied = overlapping.dropFirst().filter { $0.interval.high >= top.interval.low }.count
            text +=
                "  \(tied) other group\(tied == 1 ? "'s interval overlaps" : "s' intervals overlap") that of the top group (\(top.name)): their order is not established\n"
        }
        return text
            + "  ARR intervals: percentile bootstrap, \(rates.bootstrap) resamples of each group's opportunities\n"
    }

    private func range(_ r: (low: Double, high: Double)?) -> String {
        r.map { "\(Format.grouped($0.low))–\(Format.grouped($0.high))" } ?? "–"
    }

    public var document: EngagementDocument { EngagementDocument(rates, by: by, duplicates: duplicates) }

    /// One row per group, the keys of the JSON groups as columns.
    public func csv() -> String {
        func number(_ x: Double?) -> String { x.map(CSV.number) ?? "" }
        let keys = [
            "group", "rank", "small", "opportunities", "won", "win_rate", "ci_low", "ci_high", "z", "p_value", "p_holm",
            "won_with_arr", "total_arr", "total_arr_ci_low", "total_arr_ci_high", "mean_arr", "mean_arr_ci_low",
            "mean_arr_ci_high"
        ]
        let rows = document.groups.map { g in
            CSV.line([
                g.group, g.rank.map(String.init) ?? "", g.small ? "1" : "0", String(g.opportunities), String(g.won),
                number(g.winRate), number(g.ciLow), number(g.ciHigh), number(g.z), number(g.pValue), number(g.pHolm),
                String(g.wonWithArr), number(g.totalArr), number(g.totalArrCiLow), number(g.totalArrCiHigh),
                number(g.meanArr), number(g.meanArrCiLow), number(g.meanArrCiHigh)
            ])
        }
        return ([CSV.line(keys)] + rows).joined(separator: "\n") + "\n"
    }

    /// Each group's win rate and interval; the overall rate on top.
    public func chart() -> ForestPlot {
        ForestPlot(
            title: "Win rate by \(by) (\(Format.percent(rates.level, 0)) Wilson intervals)", xLabel: "win rate",
            benchmark: .init(
                label: "all opportunities", estimate: Double(rates.won) / Double(rates.opportunities),
                low: rates.interval.low, high: rates.interval.high),
            rows: rates.groups.map {
                .init(
                    label: "\($0.name) (\($0.opportunities))\($0.isSmall ? " small" : "")", estimate: $0.winRate,
                    low: $0.interval.low, high: $0.interval.high)
            })
    }
}
