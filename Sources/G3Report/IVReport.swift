import Foundation
import G3Observational
import G3Stats

/// Renders a 2SLS fit: terminal tables and the results document (keys in the README).
public struct IVReport {
    public let fit: TwoStageLeastSquares
    public let outcome: String
    public let level: Double
    public init(fit: TwoStageLeastSquares, outcome: String, level: Double) {
        self.fit = fit
        self.outcome = outcome
        self.level = level
    }

    public var seLabel: String {
        switch fit.estimator {
        case .classical: return "classical"
        case .hc0: return "HC0"
        case .hc1: return "HC1"
        case .hc2: return "HC2"
        case .cluster: return "CR1 by cluster"
        }
    }

    static func describe(_ set: TwoStageLeastSquares.ConfidenceSet?) -> String {
        switch set {
        case .interval(let a, let b)?: return "[\(Format.fixed(a, 6)), \(Format.fixed(b, 6))]"
        case .outside(let a, let b)?: return "(−∞, \(Format.fixed(a, 6))] ∪ [\(Format.fixed(b, 6)), ∞)"
        case .atMost(let b)?: return "(−∞, \(Format.fixed(b, 6))]"
        case .atLeast(let a)?: return "[\(Format.fixed(a, 6)), ∞)"
        case .everything?: return "the whole line (the instruments carry no information)"
        case .empty?: return "empty (the model is rejected at every value)"
        case nil: return "–"
        }
    }

    public func table() -> String {
        var t = TextTable([
            ("term", .left), ("estimate", .right), ("SE", .right), ("t", .right), ("p", .right),
            ("\(Format.percent(level, 0)) CI", .right)
        ])
        for c in fit.coefficients {
            t.add([
                c.name, Format.fixed(c.estimate, 6), Format.fixed(c.standardError, 6), Format.fixed(c.t, 3),
                Format.fixed(c.pValue, 4),
                "[\(Format.fixed(c.ciLow, 6)), \(Format.fixed(c.ciHigh, 6))]"
            ])
        }
        var text =
            "2SLS: \(outcome), n = \(fit.observations), SE \(seLabel), t(\(Int(fit.degreesOfFreedom)))\n" + t.render()
        var first = TextTable([
            ("endogenous", .left), ("F", .right), ("robust F", .right), ("p", .right), ("partial R²", .right),
            ("instrument coefficients", .left)
        ])
        for s in fit.firstStages {
            first.add([
                s.endogenous, Format.fixed(s.f, 3), Format.fixed(s.robustF, 3), Format.fixed(s.fPValue, 4),
                Format.fixed(s.partialR2, 4),
                s.coefficients.map {
                    "\($0.instrument) \(Format.fixed($0.estimate, 4)) (\(Format.fixed($0.standardError, 4)))"
                }.joined(separator: ", ")
            ])
        }
        text +=
            "\nFirst stage" + (fit.stockYogo.map { " (Stock–Yogo 10% maximal-size critical value: \($0))" } ?? "")
            + "\n" + first.render()
        var tests = AlignedRows()
        tests.add(
            "Wu–Hausman",
            fit.wuHausman.map { test in
                "F(\(Int(test.df1)), \(Int(test.df2 ?? 0))) = \(Format.fixed(test.statistic, 4)), p = \(Format.fixed(test.pValue, 4))"
            } ?? "– (not computable; see the diagnostics)")
        tests.add(
            "Sargan",
            fit.sargan.map {
                "χ²(\(Int($0.df1))) = \(Format.fixed($0.statistic, 4)), p = \(Format.fixed($0.pValue, 4))"
            } ?? "– (exactly identified)")
        if fit.firstStages.count == 1 {
            tests.add("Anderson–Rubin \(Format.percent(level, 0)) set", Self.describe(fit.andersonRubin))
        }
        return text + "\n" + tests.render()
    }

    /// `--format csv`: one row per second-stage coefficient, in model order.
    public var coefficientRows: [IVDocument.CoefficientRow] {
        fit.coefficients.map {
            IVDocument.CoefficientRow(
                term: $0.name, estimate: $0.estimate, se: $0.standardError, t: $0.t, p: $0.pValue, ciLow: $0.ciLow,
                ciHigh: $0.ciHigh)
        }
    }

    public var document: IVDocument { IVDocument(fit, outcome: outcome, seType: seLabel, level: level) }
}
