import Foundation
import G3Observational

/// Renders a `DiDAnalysis`: terminal tables, the results document, effects.csv and the event-study chart.
public struct DiDReport {
    public let analysis: DiDAnalysis
    public let level: Double
    /// How a period prints: the number itself, or "2024-11" for a month index (`AccountPanel.label`).
    public let periodLabel: @Sendable (Int) -> String
    public init(analysis: DiDAnalysis, level: Double, periodLabel: @escaping @Sendable (Int) -> String = { String($0) })
    {
        self.analysis = analysis
        self.level = level
        self.periodLabel = periodLabel
    }

    /// Every headline estimate in the shared estimate shape.
    public func estimates() throws -> [[String: Any]] {
        var rows: [[String: Any]] = []
        let a = analysis
        func row(
            _ method: String, _ estimate: Double, _ se: Double, _ low: Double, _ high: Double, _ p: Double, df: Double?,
            counts: (treated: Int, control: Int)? = nil
        ) -> [String: Any] {
            [
                "outcome": a.outcome, "method": method, "estimand": "ATT", "estimate": estimate, "se": se,
                "ci_low": low, "ci_high": high,
                "p_value": p, "n_treated": counts?.treated ?? a.treatedUnits,
                "n_control": counts?.control ?? a.controlUnits,
                "relative": NSNull(), "df": df ?? NSNull()
            ]
        }
        if let f = a.twfe {
            let ci = try f.interval(0, level: level)
            rows.append(
                row(
                    "twfe", f.coefficients[0], f.standardError(0), ci.low, ci.high, try f.pValue(0),
                    df: f.degreesOfFreedom))
        }
        if let cs = a.callawaySantAnna {
            for (method, e) in [
                ("cs-simple", cs.simple), ("cs-dynamic", cs.dynamic.overall), ("cs-group", cs.group.overall),
                ("cs-calendar", cs.calendar.overall)
            ] {
                let ci = try e.interval(level: level)
                rows.append(
                    row(
                        method, e.estimate, e.standardError, ci.low, ci.high, e.pValue, df: nil,
                        counts: (cs.treatedUnits, cs.units - cs.treatedUnits)))
            }
        }
        return rows
    }

    public func table() throws -> String {
        let a = analysis
        var text = "\(a.outcome): \(a.treatedUnits) treated and \(a.controlUnits) never-treated units\n\n"
        var head = TextTable([
            ("estimator", .left), ("ATT", .right), ("SE", .right), ("\(Format.percent(level, 0)) CI", .right),
            ("p", .right)
        ])
        for e in try estimates() {
            head.add([
                try e.field("method", as: String.self), Format.fixed(try e.field("estimate", as: Double.self), 6),
                Format.fixed(try e.field("se", as: Double.self), 6),
                "[\(Format.fixed(try e.field("ci_low", as: Double.self), 6)), \(Format.fixed(try e.field("ci_high", as: Double.self), 6))]",
                Format.fixed(try e.field("p_value", as: Double.self), 4)
            ])
        }
        text += head.render()
        if let f = a.twfe {
            text +=
                "twfe: CR1 by cluster (\(f.clusters) clusters, K = \(f.parameters)), t(\(f.clusters - 1)); cs: analytic influence-function SEs, normal\n"
        }
        if let study = a.eventStudy {
            var t = TextTable([
                ("relative period", .right), ("estimate", .right), ("SE", .right), ("CI", .right), ("p", .right)
            ])
            for term in study.terms {
                t.add([
                    term.label, Format.fixed(term.estimate, 6),
                    term.isReference ? "reference" : Format.fixed(term.standardError, 6),
                    term.isReference ? "" : "[\(Format.fixed(term.ciLow, 6)), \(Format.fixed(term.ciHigh, 6))]",
                    term.pValue.map { Format.fixed($0, 4) } ?? ""
                ])
            }
            text += "\nEvent study (leads and lags around each unit's own treatment; reference −1)\n" + t.render()
            if let w = study.leadsTest {
                text +=
                    "leads jointly 0: F(\(w.restrictions), \(study.fit.clusters - 1)) = \(Format.fixed(w.fStatistic, 3)), p = \(Format.fixed(w.fPValue, 4)) (Wald χ² \(Format.fixed(w.statistic, 3)), p = \(Format.fixed(w.chiSquarePValue, 4)))\n"
            }
        }
        if let cs = a.callawaySantAnna {
            var t = TextTable([("group", .right), ("period", .right), ("ATT(g,t)", .right), ("SE", .right), ("", .left)]
            )
            for c in cs.cells {
                t.add([
                    periodLabel(c.group), periodLabel(c.time), Format.fixed(c.effect.estimate, 6),
                    Format.fixed(c.effect.standardError, 6),
                    c.isPost ? "post" : "pre"
                ])
            }
            let dropped =
                cs.droppedUnbalanced > 0 ? "; \(cs.droppedUnbalanced) units without every period left out" : ""
            text +=
                "\nCallaway & Sant'Anna group-time effects on \(cs.units) units (\(cs.treatedUnits) treated, \(cs.neverTreatedUnits) never treated\(dropped))\n"
                + t.render()
            if let p = cs.pretest {
                text +=
                    "pre-trend test: W = \(Format.fixed(p.statistic, 3)), χ²(\(p.df)) p = \(Format.fixed(p.pValue, 4))\n"
            }
        }
        return text
    }

    public func document() throws -> [String: Any] {
        let a = analysis
        var d: [String: Any] = [
            "outcome": a.outcome, "effects": try estimates(), "diagnostics": a.diagnostics,
            "treated_units": a.treatedUnits, "control_units": a.controlUnits
        ]
        if let f = a.twfe {
            d["twfe"] = ["clusters": f.clusters, "observations": f.observations, "parameters_k": f.parameters]
        }
        if let study = a.eventStudy {
            d["event_study"] =
                [
                    "terms": study.terms.map { t -> [String: Any] in
                        [
                            "relative_period": t.relativeTime, "label": t.label, "estimate": t.estimate,
                            "se": t.standardError,
                            "ci_low": t.ciLow, "ci_high": t.ciHigh, "p_value": t.pValue ?? NSNull(),
                            "reference": t.isReference
                        ]
                    },
                    "leads_test": study.leadsTest.map { w in
                        [
                            "wald": w.statistic, "restrictions": w.restrictions, "f": w.fStatistic,
                            "f_p_value": w.fPValue, "chi2_p_value": w.chiSquarePValue
                        ] as [String: Any]
                    } ?? NSNull()
                ] as [String: Any]
        }
        if let cs = a.callawaySantAnna {
            func object(_ e: CallawaySantAnna.Estimate) -> [String: Any] {
                ["estimate": e.estimate, "se": e.standardError]
            }
            func aggregation(_ g: CallawaySantAnna.Aggregation, _ key: String) -> [String: Any] {
                [
                    "parts": g.parts.map { p -> [String: Any] in
                        var o = object(p.effect)
                        o[key] = p.key
                        return o
                    }, "overall": object(g.overall)
                ]
            }
            d["cs"] =
                [
                    "att_gt": cs.cells.map { c -> [String: Any] in
                        var o = object(c.effect)
                        o["group"] = c.group
                        o["time"] = c.time
                        o["post"] = c.isPost
                        return o
                    },
                    "simple": object(cs.simple), "dynamic": aggregation(cs.dynamic, "event_time"),
                    "group": aggregation(cs.group, "group"),
                    "calendar": aggregation(cs.calendar, "time"), "units": cs.units, "treated_units": cs.treatedUnits,
                    "never_treated_units": cs.neverTreatedUnits, "dropped_unbalanced": cs.droppedUnbalanced,
                    "pretest": cs.pretest.map {
                        ["statistic": $0.statistic, "df": $0.df, "p_value": $0.pValue] as [String: Any]
                    } ?? NSNull()
                ] as [String: Any]
        }
        return d
    }

    public func eventStudyChart() -> String? {
        guard let study = analysis.eventStudy else { return nil }
        return CoefficientPlot(
            title: "Event study: \(analysis.outcome) around each unit's own treatment (\(Format.percent(level, 0)) CI)",
            xLabel: "periods relative to treatment (reference −1)", yLabel: analysis.outcome,
            points: study.terms.map {
                .init(
                    label: $0.label, estimate: $0.estimate, low: $0.ciLow, high: $0.ciHigh, isReference: $0.isReference)
            }
        ).svg()
    }
}
