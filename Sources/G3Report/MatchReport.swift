import Foundation
import G3Observational

/// Renders a matching analysis: terminal summary, the JSON results document, CSV tables.
public struct MatchReport {
    public let analysis: MatchingAnalysis
    public let level: Double
    public let seed: UInt32

    public init(analysis: MatchingAnalysis, level: Double, seed: UInt32) {
        self.analysis = analysis
        self.level = level
        self.seed = seed
    }

    private var spec: MatchingSpec { analysis.spec }
    private var sample: MatchedSample { analysis.sample }

    var matchingDescription: String {
        var text =
            "nearest neighbour 1:\(spec.ratio) without replacement on the \(spec.distance == .logit ? "logit of the propensity score" : "propensity score"), order \(spec.order.rawValue)"
        if let caliper = spec.caliper, let width = sample.caliperWidth {
            text +=
                ", caliper \(Format.significant(caliper)) SD (\(spec.caliperSD == .all ? "over all units" : "pooled within groups")) = \(Format.fixed(width, 4))"
        } else {
            text += ", no caliper"
        }
        return text + (spec.commonSupport ? ", common support" : "")
    }

    public func table() -> String {
        overview() + "\nEffect on the treated (ATT; "
            + (spec.replace ? "Abadie–Imbens SE, normal reference" : "SE clustered by matched pair, t(G − 1)") + ")\n"
            + effectsTable()
    }

    /// The propensity model, the matching and the balance table.
    public func overview() -> String {
        let p = analysis.propensity
        let nTreated = sample.subclasses.count + sample.unmatchedTreated.count + sample.outsideSupport.treated
        var head = AlignedRows()
        head.add(
            "propensity model",
            "logistic regression on \(p.terms.count) terms; converged in \(p.iterations) iterations; AUC \(Format.fixed(p.auc, 3))"
        )
        head.add("matching", matchingDescription)
        head.add(
            "treated",
            "\(nTreated): \(sample.subclasses.count) matched, \(sample.unmatchedTreated.count) without a control"
                + (sample.outsideSupport.treated > 0 ? ", \(sample.outsideSupport.treated) outside common support" : "")
        )
        head.add("controls used", "\(Set(sample.subclasses.flatMap(\.controls)).count)")

        var balance = TextTable([
            ("term", .left), ("SMD before", .right), ("SMD after", .right), ("var ratio before", .right),
            ("var ratio after", .right), ("eCDF max after", .right), ("balanced", .left)
        ])
        for row in analysis.balance {
            balance.add([
                row.term, Format.fixed(row.smdBefore, 4), Format.fixed(row.smdAfter, 4),
                row.varianceRatioBefore.map { Format.fixed($0, 3) } ?? "–",
                row.varianceRatioAfter.map { Format.fixed($0, 3) } ?? "–",
                row.ecdfMaxAfter.map { Format.fixed($0, 3) } ?? "–", row.flagged ? "no" : "yes"
            ])
        }
        return head.render()
            + "\n\nBalance (SMD over the treated SD; balanced: |SMD| < 0.1 and variance ratio in 0.5–2 after matching)\n"
            + balance.render()
    }

    /// One row per outcome: ATT, pair-cluster SE and CI, lift, bootstrap.
    func effectsTable() -> String {
        var effects = TextTable([
            ("outcome", .left), ("ATT", .right), ("SE", .right), ("\(Format.percent(level, 0)) CI", .right),
            ("p", .right), ("lift", .right), ("bootstrap SE", .right), ("BCa CI", .right)
        ])
        for e in analysis.effects {
            effects.add([
                e.outcome, Format.grouped(e.estimate, 2), Format.grouped(e.standardError, 2),
                "[\(Format.grouped(e.ciLow, 2)), \(Format.grouped(e.ciHigh, 2))]", Format.fixed(e.pValue, 4),
                e.relative.map { Format.percent($0, 1) } ?? "–",
                e.bootstrap.map { Format.grouped($0.standardError, 2) } ?? "–",
                e.bootstrap.map { "[\(Format.grouped($0.bca.low, 2)), \(Format.grouped($0.bca.high, 2))]" } ?? "–"
            ])
        }
        return effects.render()
    }

    /// The results document (`--format json`, `results.json`).
    public var document: MatchDocument { MatchDocument(analysis, seed: seed) }

    /// balance.csv
    public func balanceCSV() -> String {
        func cell(_ x: Double?) -> String { x.map(CSV.number) ?? "" }
        return CSV.line([
            "term", "binary", "smd_before", "smd_after", "variance_ratio_before", "variance_ratio_after",
            "ecdf_mean_before", "ecdf_mean_after", "ecdf_max_before", "ecdf_max_after"
        ]) + "\n"
            + analysis.balance.map { r in
                CSV.line([
                    r.term, r.binary ? "1" : "0", cell(r.smdBefore), cell(r.smdAfter), cell(r.varianceRatioBefore),
                    cell(r.varianceRatioAfter), cell(r.ecdfMeanBefore), cell(r.ecdfMeanAfter), cell(r.ecdfMaxBefore),
                    cell(r.ecdfMaxAfter)
                ]) + "\n"
            }.joined()
    }

    /// pairs.csv: subclass, treated id, control id, for every matched control.
    public func pairsCSV(ids: [String]) -> String {
        "subclass,treated,control\n"
            + sample.subclasses.enumerated().flatMap { s, sub in
                sub.controls.map { CSV.line([String(s + 1), ids[sub.treated], ids[$0]]) + "\n" }
            }.joined()
    }

    /// effects.csv: one estimate per row, with the population (the treated units) it describes.
    public func effectsCSV() -> String {
        Self.estimatesCSV(analysis.effects.map { ("all matched", EstimateDocument($0)) })
    }

    static let estimateColumns = [
        "outcome", "method", "estimand", "estimate", "se", "ci_low", "ci_high", "p_value", "n_treated", "n_control",
        "relative"
    ]

    /// Estimates (the shared shape) as CSV, one row each; a `population` column first when they have one.
    public static func estimatesCSV(_ rows: [(population: String?, estimate: EstimateDocument)]) -> String {
        func number(_ x: Double?) -> String { x.map(CSV.number) ?? "" }
        func count(_ x: Int?) -> String { x.map(String.init) ?? "" }
        let withPopulation = rows.contains { $0.population != nil }
        return CSV.line((withPopulation ? ["population"] : []) + estimateColumns) + "\n"
            + rows.map { population, e in
                CSV.line(
                    (withPopulation ? [population ?? ""] : []) + [
                        e.outcome, e.method, e.estimand, CSV.number(e.estimate), number(e.se), number(e.ciLow),
                        number(e.ciHigh), number(e.pValue), count(e.nTreated), count(e.nControl), number(e.relative)
                    ]) + "\n"
            }.joined()
    }
}
