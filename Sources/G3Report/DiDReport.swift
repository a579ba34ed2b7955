import Foundation
import G3Observational
import G3Stats

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
    public func estimates() throws -> [EstimateDocument] {
        var rows: [EstimateDocument] = []
        let a = analysis
        if let f = a.twfe {
            let ci = try f.interval(0, level: level)
            rows.append(
                EstimateDocument(
                    outcome: a.outcome, method: .twfe, estimand: "ATT", estimate: f.coefficients[0],
                    se: f.standardError(0), df: f.degreesOfFreedom, ciLow: ci.low, ciHigh: ci.high,
                    pValue: try f.pValue(0), nTreated: a.treatedUnits, nControl: a.controlUnits, seMethod: "cr1"))
        }
        if let cs = a.callawaySantAnna {
            let aggregations: [(EstimateMethod, CallawaySantAnna.Estimate)] = [
                (.csSimple, cs.simple), (.csDynamic, cs.dynamic.overall), (.csGroup, cs.group.overall),
                (.csCalendar, cs.calendar.overall)
            ]
            for (method, e) in aggregations {
                let ci = try e.interval(level: level)
                rows.append(
                    EstimateDocument(
                        outcome: a.outcome, method: method, estimand: "ATT", estimate: e.estimate,
                        se: e.standardError, ciLow: ci.low, ciHigh: ci.high, pValue: e.pValue,
                        nTreated: cs.treatedUnits, nControl: cs.units - cs.treatedUnits,
                        seMethod: "influence-function"))
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
                e.method, Format.fixed(e.estimate, 6), Format.fixed(e.se, 6),
                "[\(Format.fixed(e.ciLow, 6)), \(Format.fixed(e.ciHigh, 6))]", Format.fixed(e.pValue, 4)
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

    public func document() throws -> DiDDocument {
        let a = analysis
        return DiDDocument(
            outcome: a.outcome, effects: try estimates(), diagnostics: a.diagnostics, treatedUnits: a.treatedUnits,
            controlUnits: a.controlUnits,
            twfe: a.twfe.map {
                TWFEDocument(clusters: $0.clusters, observations: $0.observations, parametersK: $0.parameters)
            },
            eventStudy: a.eventStudy.map(EventStudyDocument.init),
            cs: a.callawaySantAnna.map(CallawaySantAnnaDocument.init))
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
