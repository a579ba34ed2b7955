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
    public var document: [String: Any] {
        let p = analysis.propensity
        return [
            "propensity": [
                "terms": p.terms,
                "coefficients": Dictionary(uniqueKeysWithValues: zip(["(Intercept)"] + p.terms, p.coefficients)),
                "converged": p.converged, "iterations": p.iterations, "separation": p.separation, "auc": p.auc
            ] as [String: Any],
            "matching": [
                "method": "nearest", "distance": spec.distance.rawValue, "ratio": spec.ratio,
                "order": spec.order.rawValue,
                "caliper": spec.caliper.map { $0 as Any } ?? NSNull(), "caliper_sd": spec.caliperSD.rawValue,
                "replace": spec.replace,
                "caliper_width": sample.caliperWidth.map { $0 as Any } ?? NSNull(),
                "common_support": spec.commonSupport,
                "matched_treated": sample.subclasses.count, "unmatched_treated": sample.unmatchedTreated.count,
                "outside_support_treated": sample.outsideSupport.treated,
                "outside_support_control": sample.outsideSupport.control,
                "controls_used": Set(sample.subclasses.flatMap(\.controls)).count, "seed": Int(seed)
            ] as [String: Any],
            "balance": analysis.balance.map { row -> [String: Any] in
                [
                    "term": row.term, "binary": row.binary, "smd_before": row.smdBefore, "smd_after": row.smdAfter,
                    "variance_ratio_before": row.varianceRatioBefore.map { $0 as Any } ?? NSNull(),
                    "variance_ratio_after": row.varianceRatioAfter.map { $0 as Any } ?? NSNull(),
                    "ecdf_mean_before": row.ecdfMeanBefore.map { $0 as Any } ?? NSNull(),
                    "ecdf_mean_after": row.ecdfMeanAfter.map { $0 as Any } ?? NSNull(),
                    "ecdf_max_before": row.ecdfMaxBefore.map { $0 as Any } ?? NSNull(),
                    "ecdf_max_after": row.ecdfMaxAfter.map { $0 as Any } ?? NSNull(),
                    "flagged": row.flagged
                ]
            },
            "effects": analysis.effects.map(Self.estimateObject),
            "diagnostics": analysis.diagnostics
        ]
    }

    /// One estimate, in the shape shared with the registry's estimate rows.
    static func estimateObject(_ e: MatchedEffect) -> [String: Any] {
        var object: [String: Any] = [
            "outcome": e.outcome, "method": "psm", "estimand": "ATT", "estimate": e.estimate, "se": e.standardError,
            "ci_low": e.ciLow, "ci_high": e.ciHigh, "p_value": e.pValue, "n_treated": e.nTreated,
            "n_control": e.nControl,
            "relative": e.relative ?? NSNull(), "df": e.degreesOfFreedom ?? NSNull(),
            "se_method": e.degreesOfFreedom == nil ? "abadie-imbens" : "pair-cluster", "control_mean": e.controlMean,
            "cohen_d": e.cohenD ?? NSNull()
        ]
        if let b = e.bootstrap {
            object["bootstrap"] =
                [
                    "replicates": b.replicates, "se": b.standardError, "percentile_low": b.percentile.low,
                    "percentile_high": b.percentile.high, "bca_low": b.bca.low, "bca_high": b.bca.high,
                    "relative_low": b.relative?.low ?? NSNull(), "relative_high": b.relative?.high ?? NSNull()
                ] as [String: Any]
        }
        return object
    }

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
    public func effectsCSV() -> String { Self.effectsCSV(analysis.effects.map { ("all matched", $0) }) }

    public static func effectsCSV(_ rows: [(population: String, effect: MatchedEffect)]) -> String {
        estimatesCSV(rows.map { row in estimateObject(row.effect).merging(["population": row.population]) { $1 } })
    }

    static let estimateKeys = [
        "outcome", "method", "estimand", "estimate", "se", "ci_low", "ci_high", "p_value", "n_treated", "n_control",
        "relative"
    ]

    /// Estimate objects (the shared shape) as CSV, with a `population` column when they have one.
    public static func estimatesCSV(_ objects: [[String: Any]]) -> String {
        let keys = (objects.contains { $0["population"] != nil } ? ["population"] : []) + estimateKeys
        return CSV.line(keys) + "\n"
            + objects.map { o in
                CSV.line(
                    keys.map { k in o[k] == nil || o[k] is NSNull ? "" : (o[k] as? Double).map(CSV.number) ?? "\(o[k]!)"
                    }) + "\n"
            }.joined()
    }
}
