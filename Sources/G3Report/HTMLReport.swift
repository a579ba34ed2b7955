import Foundation
import G3Registry
import G3Stats

/// `g3-design report`: one self-contained HTML file from an `analyze --out` folder (its results.json and
/// SVG charts, read as they are: no number is recomputed), a registry experiment's comparisons, or both.
public struct HTMLReport {
    /// An `analyze --out` folder: its results.json, decoded, and the SVG files by name.
    public struct Results {
        public let folder: String
        public let document: PanelDocument
        public let charts: [String: String]
        public init(folder: String, document: PanelDocument, charts: [String: String]) {
            self.folder = folder
            self.document = document
            self.charts = charts
        }
    }
    /// A registry experiment and its comparisons, one per metric with a randomized estimate.
    public struct Experiment {
        public let record: ExperimentRecord
        public let arms: [(arm: String, units: Int)]
        public let comparisons: [ComparisonReport]
        public init(record: ExperimentRecord, arms: [(arm: String, units: Int)], comparisons: [ComparisonReport]) {
            self.record = record
            self.arms = arms
            self.comparisons = comparisons
        }
    }

    public let results: Results?
    public let experiment: Experiment?
    public init(results: Results?, experiment: Experiment?) {
        self.results = results
        self.experiment = experiment
    }

    /// The ids of the chart figures the page holds, in order (a browser test checks each is drawn).
    public private(set) var chartIDs: [String] = []

    public mutating func html(generatedBy: String) throws -> String {
        chartIDs = []
        var page = HTMLDocument(
            title: experiment.map { "G3 evaluation: \($0.record.title)" } ?? "G3 evaluation: observational analysis")
        page.heading("Bottom line", id: "bottom-line")
        for line in try bottomLine() { page.paragraph(line, class: "bottom-line") }
        if let results { observational(results, into: &page) }
        if let experiment { randomized(experiment, into: &page) }
        page.heading("Limitations", id: "limitations")
        page.list(limitations())
        return page.render(generatedBy: generatedBy)
    }

    mutating func chart(_ svg: String, id: String, caption: String, into page: inout HTMLDocument) {
        page.chart(svg, id: id, caption: caption)
        chartIDs.append(id)
    }

    // MARK: the bottom line

    /// The primary estimate per outcome: the matched 2×2 DiD when it ran, else the matched ATT.
    func primaryEstimates() -> [(method: String, estimate: EstimateDocument)] {
        guard let d = results?.document else { return [] }
        return d.effects.map { e in
            if let twoByTwo = d.did.first(where: { $0.outcome == e.outcome })?.twoByTwo {
                return ("matched difference-in-differences", twoByTwo)
            }
            return ("propensity score matching", e)
        }
    }

    func bottomLine() throws -> [String] {
        var lines: [String] = []
        // (z_{1−α/2} + z_{0.8})·SE: the effect this study detects with 80% power in a two-sided 5% test.
        let multiplier = try Normal.quantile(0.975) + Normal.quantile(0.8)
        for (method, e) in primaryEstimates() {
            guard let low = e.ciLow, let high = e.ciHigh, let se = e.se, let n = e.nTreated else { continue }
            let outcome = e.outcome
            let estimate = e.estimate
            let money = outcome.contains("rev")
            func amount(_ x: Double) -> String { (money ? "$" : "") + Format.grouped(x) }
            let significant = low > 0 || high < 0
            var text =
                "\(outcome): estimated by \(method), the engagement changed it by \(amount(estimate)) per account-month "
                + "(95% CI \(amount(low)) to \(amount(high))) among the \(n) matched engaged accounts. "
            if money {
                text +=
                    "Over a year that is \(amount(12 * estimate)) per engaged account (\(amount(12 * low)) to \(amount(12 * high))), "
                    + "or \(amount(12 * estimate * Double(n))) across the \(n) accounts. "
            }
            let failed = failedChecks(outcome)
            if failed.isEmpty {
                text +=
                    significant
                    ? "The interval excludes zero. "
                    : "The interval includes zero: the data cannot rule out no effect. "
            } else {
                text +=
                    (significant ? "The interval excludes zero, but " : "The interval includes zero, and ")
                    + "a check this estimate rests on fails: \(failed.joined(separator: "; ")). Parallel trends before engagement are doubtful, "
                    + "so this number is not established as the engagement's effect. "
            }
            text +=
                "With this precision the study detects, with 80% power at the 5% level, an effect of \(amount(multiplier * se)) or more per account-month."
            lines.append(text)
        }
        if let experiment, let c = experiment.comparisons.first {
            let b = c.benchmark.record
            var text = "Randomized (\(experiment.record.id), \(b.metric)): \(b.method) \(Format.grouped(b.estimate, 2))"
            if let low = b.ciLow, let high = b.ciHigh {
                text += " (95% CI \(Format.grouped(low, 2)) to \(Format.grouped(high, 2)))"
            }
            text += "."
            if !c.observational.isEmpty {
                let biases = c.observational.map { abs($0.comparison.bias) }
                text +=
                    " The \(c.observational.count) observational estimates linked to it are off by \(Format.grouped(biases.min()!, 2)) to \(Format.grouped(biases.max()!, 2)) in absolute value."
            }
            lines.append(text)
        }
        return lines.isEmpty
            ? [
                "No estimate is available: the analysis folder has no effects and the experiment no randomized estimate."
            ] : lines
    }

    /// The pre-engagement checks of an outcome that fail at the 5% level: the event study's leads,
    /// Callaway & Sant'Anna's pre-trend test, and the pre-period placebo.
    func failedChecks(_ outcome: String) -> [String] {
        guard let d = results?.document else { return [] }
        var failed: [String] = []
        let did = d.did.first { $0.outcome == outcome }
        if let p = did?.eventStudy?.leadsTest?.fPValue, p < 0.05 {
            failed.append("the event study's pre-engagement coefficients are jointly non-zero (\(Self.p(p)))")
        }
        if let p = did?.cs?.pretest?.pValue, p < 0.05 {
            failed.append("Callaway & Sant'Anna's pre-trend test rejects (\(Self.p(p)))")
        }
        let placebo = d.placebo.preperiod.first { $0.outcome == outcome }
        if let low = placebo?.ciLow, let high = placebo?.ciHigh, low > 0 || high < 0 {
            failed.append("the pre-period placebo's 95% CI excludes zero")
        }
        return failed
    }

    /// "p = 0.0008", or "p < 1e-300".
    static func p(_ value: Double) -> String {
        let text = Format.pValue(value)
        return text.hasPrefix("<") ? "p \(text)" : "p = \(text)"
    }

    // MARK: the randomized experiment

    private mutating func randomized(_ experiment: Experiment, into page: inout HTMLDocument) {
        let r = experiment.record
        page.heading("The randomized experiment", id: "randomized")
        page.paragraph(
            "Experiment \(r.id) (\(r.kind)), \(r.title). Arms: \(experiment.arms.map { "\($0.arm) \($0.units)" }.joined(separator: ", ")). "
                + "Assignment \(r.generator.map { "by \($0)" } ?? "recorded")\(r.seed.map { ", seed \($0)" } ?? ""), SHA-256 \(r.assignmentSHA256 ?? "–")."
        )
        if experiment.comparisons.isEmpty {
            page.paragraph("No randomized estimate is stored yet: run `g3-design rct analyze`.")
        }
        for c in experiment.comparisons {
            page.subheading("\(c.metric): observational against randomized")
            page.table(
                ["estimator", "estimand", "estimate", "SE", "95% CI", "n treated", "n control"],
                c.randomized.map { e in
                    let x = e.record
                    return [
                        (e.id == c.benchmark.id ? "★ " : "") + x.method, x.estimand, Format.grouped(x.estimate, 2),
                        Format.grouped(x.standardError, 2),
                        Format.interval(x.ciLow, x.ciHigh), x.nTreatment.map { String($0) } ?? "–",
                        x.nControl.map { String($0) } ?? "–"
                    ]
                })
            if !c.observational.isEmpty {
                page.table(
                    ["method", "population", "estimate", "95% CI", "bias", "bias / SE_rct", "CIs overlap", "p (equal)"],
                    c.observational.map { (e, b) in
                        [
                            e.record.method, e.record.population, Format.grouped(e.record.estimate, 2),
                            Format.interval(e.record.ciLow, e.record.ciHigh),
                            Format.grouped(b.bias, 2), b.biasInRandomizedSE.map { Format.fixed($0, 2) } ?? "–",
                            b.intervalsOverlap.map { $0 ? "yes" : "no" } ?? "–", b.pValue.map(Format.pValue) ?? "–"
                        ]
                    })
                chart(
                    c.forestPlot().svg(), id: "forest-\(c.metric)",
                    caption:
                        "\(c.metric): each observational estimate against the randomized benchmark (shaded: its 95% CI).",
                    into: &page)
            }
            page.list(c.diagnostics.map { "Note: \($0.message)" })
        }
    }

    // MARK: limitations

    func limitations() -> [String] {
        var items: [String] = []
        if let results {
            items += results.document.diagnostics.map(\.message)
            for s in results.document.sensitivity {
                if case .value(let gamma)? = s.criticalGamma {
                    items.append(
                        "\(s.outcome): an unmeasured factor that made accounts \(Format.fixed(gamma, 2)) times more likely to engage would be enough to make the matched ATT non-significant."
                    )
                }
            }
            items.append(
                "Matching balances only what was measured before engagement; accounts that chose to engage may differ in ways the data do not show."
            )
        }
        if let experiment {
            for c in experiment.comparisons
            where c.observational.contains(where: { $0.estimate.record.sharedUnits == 0 }) {
                items.append(
                    "\(c.metric): some observational estimates describe other accounts than the experiment's; their bias mixes method error with differences between populations."
                )
            }
        }
        return items
    }

    // MARK: formatting

    func number(_ value: Int) -> String { Format.grouped(Double(value)) }
    func number(_ value: Double?, _ digits: Int = 0) -> String { Format.grouped(value, digits) }
    func pValue(_ value: Double?) -> String { value.map(Format.pValue) ?? "–" }
}
