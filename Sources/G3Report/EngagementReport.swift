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

    public var document: [String: Any] {
        [
            "by": by, "opportunities": rates.opportunities, "won": rates.won,
            "win_rate": Double(rates.won) / Double(rates.opportunities),
            "ci_low": rates.interval.low, "ci_high": rates.interval.high, "level": rates.level,
            "duplicates_removed": duplicates,
            "bootstrap": rates.bootstrap, "minimum_group": rates.minimumGroup,
            "groups": rates.groups.map { g -> [String: Any] in
                [
                    "group": g.name, "rank": g.rank ?? NSNull(), "small": g.isSmall, "opportunities": g.opportunities,
                    "won": g.won,
                    "win_rate": g.winRate, "ci_low": g.interval.low, "ci_high": g.interval.high, "z": g.z,
                    "p_value": g.pValue, "p_holm": g.pHolm,
                    "won_with_arr": g.wonWithARR, "total_arr": g.totalARR,
                    "total_arr_ci_low": g.totalARRInterval?.low ?? NSNull(),
                    "total_arr_ci_high": g.totalARRInterval?.high ?? NSNull(), "mean_arr": g.meanARR ?? NSNull(),
                    "mean_arr_ci_low": g.meanARRInterval?.low ?? NSNull(),
                    "mean_arr_ci_high": g.meanARRInterval?.high ?? NSNull()
                ]
            }
        ]
    }

    public func csv() throws -> String {
        let keys = [
            "group", "rank", "small", "opportunities", "won", "win_rate", "ci_low", "ci_high", "z", "p_value", "p_holm",
            "won_with_arr",
            "total_arr", "total_arr_ci_low", "total_arr_ci_high", "mean_arr", "mean_arr_ci_low", "mean_arr_ci_high"
        ]
        let rows = try document.field("groups", as: [[String: Any]].self).map { g in
            CSV.line(
                keys.map { key -> String in
                    switch g[key] {
                    case let d as Double: return CSV.number(d)
                    case let i as Int: return String(i)
                    case let b as Bool: return b ? "1" : "0"
                    case let s as String: return s
                    default: return ""
                    }
                })
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
