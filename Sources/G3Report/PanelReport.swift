import Foundation
import G3Observational

/// Renders a panel analysis: terminal summary and the results document.
public struct PanelReport {
    public let analysis: PanelAnalysis
    public let panel: AccountPanel
    public let dataNotes: [String]
    public let matchReport: MatchReport

    public init(analysis: PanelAnalysis, panel: AccountPanel, dataNotes: [String], level: Double, seed: UInt32) {
        self.analysis = analysis; self.panel = panel; self.dataNotes = dataNotes
        matchReport = MatchReport(analysis: analysis.matching, level: level, seed: seed)
    }

    private var engaged: Int { panel.accounts.filter { $0.engagementMonth != nil }.count }

    public func table() -> String {
        var head = AlignedRows()
        head.add("panel", "\(Format.grouped(Double(panel.month.count))) rows, \(Format.grouped(Double(panel.accounts.count))) accounts, \(engaged) engaged, \(AccountPanel.label(panel.month.min() ?? 0)) to \(AccountPanel.label(panel.month.max() ?? 0))")
        head.add("baseline window", "months before each engagement; never-engaged accounts: before \(AccountPanel.label(analysis.baseline.controlReference))")
        head.add("accounts analysed", "\(analysis.accounts.count) (\(analysis.baseline.dropped.count) without a complete baseline)")
        let flagged = analysis.outlierReport.cells.map(\.flagged).reduce(0, +)
        head.add("outliers (IQR rule)", "\(analysis.outlierReport.flaggedAccounts.count) accounts flagged (\(flagged) segment × outcome flags)")
        var effects = TextTable([("outcome", .left), ("estimator", .left), ("estimate", .right), ("SE", .right), ("CI", .right), ("p", .right), ("lift", .right)])
        for (e, placebo) in zip(analysis.effects, analysis.preperiodPlacebo) {
            effects.add([e.outcome, "PSM: ATT after engagement", Format.grouped(e.estimate, 2), Format.grouped(e.standardError, 2),
                         "[\(Format.grouped(e.ciLow, 2)), \(Format.grouped(e.ciHigh, 2))]", Format.fixed(e.pValue, 4), e.relative.map { Format.percent($0, 1) } ?? "–"])
            effects.add([e.outcome, "placebo: same pairs, before", Format.grouped(placebo.estimate, 2), Format.grouped(placebo.standardError, 2),
                         "[\(Format.grouped(placebo.ciLow, 2)), \(Format.grouped(placebo.ciHigh, 2))]", Format.fixed(placebo.pValue, 4), placebo.relative.map { Format.percent($0, 1) } ?? "–"])
        }
        for d in analysis.placeboTreatments where !d.draws.isEmpty {
            let range = d.interval(level: level)
            effects.add([d.outcome, "placebo: random controls ×\(d.draws.count)", Format.grouped(d.mean, 2), Format.grouped(d.standardDeviation, 2),
                         "[\(Format.grouped(range.low, 2)), \(Format.grouped(range.high, 2))]", Format.fixed(d.pValue, 4), "–"])
        }
        for n in analysis.naive {
            effects.add([n.outcome, "naive: engaged vs all others", Format.grouped(n.difference, 2), "–", "–", "–", n.ratio.map { Format.percent($0, 1) } ?? "–"])
        }
        let seNote = analysis.matching.spec.replace ? "Abadie–Imbens SE, normal" : "SE clustered by pair, t(G − 1)"
        var text = head.render() + "\n" + matchReport.overview()
            + "\nEffects (each matched control inherits its partner's engagement month; \(seNote))\n" + effects.render()
        if !analysis.placeboTreatments.isEmpty {
            text += "placebo rows: SE = SD of the placebo draws, CI = their central \(Format.percent(level, 0)), p = share at least as far from 0 as the real ATT\n"
        }
        if !analysis.byEngagementType.isEmpty {
            var types = TextTable([("engagement type", .left), ("pairs", .right), ("outcome", .left), ("ATT", .right), ("SE", .right), ("CI", .right), ("p", .right)])
            for t in analysis.byEngagementType {
                for e in t.effects {
                    types.add([t.type, String(t.pairs), e.outcome, Format.grouped(e.estimate, 2), Format.grouped(e.standardError, 2),
                               "[\(Format.grouped(e.ciLow, 2)), \(Format.grouped(e.ciHigh, 2))]", Format.fixed(e.pValue, 4)])
                }
            }
            text += "\nBy engagement type (the same pairs, split by the engaged account's type; p-values not adjusted for multiplicity)\n" + types.render()
        }
        return text
    }

    private var level: Double { matchReport.level }

    /// effects.csv: the ATT of every outcome, then by engagement type.
    public func effectsCSV() -> String {
        MatchReport.effectsCSV(analysis.effects.map { ("all matched", $0) }
            + analysis.byEngagementType.flatMap { t in t.effects.map { ("engagement type: \(t.type)", $0) } })
    }

    public var document: [String: Any] {
        var document = matchReport.document
        document["effects"] = analysis.effects.map(MatchReport.estimateObject)
        document["placebo"] = [
            "preperiod": analysis.preperiodPlacebo.map(MatchReport.estimateObject),
            "random_treatments": analysis.placeboTreatments.map { d -> [String: Any] in
                let range = d.draws.isEmpty ? nil : d.interval(level: level)
                return ["outcome": d.outcome, "estimate": d.estimate, "draws": d.draws.count, "failed_draws": d.failedDraws,
                        "mean": d.draws.isEmpty ? NSNull() : d.mean, "sd": d.draws.count < 2 ? NSNull() : d.standardDeviation,
                        "low": range?.low ?? NSNull(), "high": range?.high ?? NSNull(), "p_value": d.pValue] as [String: Any]
            },
        ] as [String: Any]
        document["by_engagement_type"] = analysis.byEngagementType.map { t -> [String: Any] in
            ["type": t.type, "pairs": t.pairs, "effects": t.effects.map(MatchReport.estimateObject)]
        }
        document["naive"] = analysis.naive.map { ["outcome": $0.outcome, "engaged_mean": $0.engagedMean, "comparison_mean": $0.comparisonMean,
                                                  "difference": $0.difference, "relative": $0.ratio ?? NSNull()] as [String: Any] }
        document["data"] = ["rows": panel.month.count, "accounts": panel.accounts.count, "engaged": engaged,
                            "baseline_control_reference": AccountPanel.label(analysis.baseline.controlReference),
                            "accounts_analysed": analysis.accounts.count, "accounts_without_baseline": analysis.baseline.dropped.count,
                            "notes": dataNotes] as [String: Any]
        document["outliers"] = analysis.outlierReport.cells.map { ["segment": $0.segment, "outcome": $0.outcome, "low": $0.low, "high": $0.high, "flagged": $0.flagged] as [String: Any] }
        document["diagnostics"] = analysis.diagnostics
        return document
    }
}
