import Foundation
import G3Registry
import G3Stats

/// `g3-design report`: one self-contained HTML file from an `analyze --out` folder (its results.json and
/// SVG charts, read as they are: no number is recomputed), a registry experiment's comparisons, or both.
public struct HTMLReport {
    /// An `analyze --out` folder: the parsed results.json and the SVG files by name.
    public struct Results {
        public let folder: String
        public let document: [String: Any]
        public let charts: [String: String]
        public init(folder: String, document: [String: Any], charts: [String: String]) {
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

    private mutating func chart(_ svg: String, id: String, caption: String, into page: inout HTMLDocument) {
        page.chart(svg, id: id, caption: caption)
        chartIDs.append(id)
    }

    // MARK: the bottom line

    /// The primary estimate per outcome: the matched 2×2 DiD when it ran, else the matched ATT.
    func primaryEstimates() -> [(outcome: String, method: String, object: [String: Any])] {
        guard let results else { return [] }
        let did = (results.document["did"] as? [[String: Any]]) ?? []
        return ((results.document["effects"] as? [[String: Any]]) ?? []).compactMap { e in
            guard let outcome = e["outcome"] as? String else { return nil }
            if let d = did.first(where: { $0["outcome"] as? String == outcome }),
                let twoByTwo = d["two_by_two"] as? [String: Any]
            {
                return (outcome, "matched difference-in-differences", twoByTwo)
            }
            return (outcome, "propensity score matching", e)
        }
    }

    func bottomLine() throws -> [String] {
        var lines: [String] = []
        // (z_{1−α/2} + z_{0.8})·SE: the effect this study detects with 80% power in a two-sided 5% test.
        let multiplier = try Normal.quantile(0.975) + Normal.quantile(0.8)
        for (outcome, method, e) in primaryEstimates() {
            guard let estimate = e["estimate"] as? Double, let low = e["ci_low"] as? Double,
                let high = e["ci_high"] as? Double,
                let se = e["se"] as? Double, let n = e["n_treated"] as? Int
            else { continue }
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
        let did = ((d["did"] as? [[String: Any]]) ?? []).first { $0["outcome"] as? String == outcome }
        if let test = (did?["event_study"] as? [String: Any])?["leads_test"] as? [String: Any],
            let p = test["f_p_value"] as? Double, p < 0.05
        {
            failed.append("the event study's pre-engagement coefficients are jointly non-zero (\(Self.p(p)))")
        }
        if let test = (did?["cs"] as? [String: Any])?["pretest"] as? [String: Any], let p = test["p_value"] as? Double,
            p < 0.05
        {
            failed.append("Callaway & Sant'Anna's pre-trend test rejects (\(Self.p(p)))")
        }
        let placebo = (((d["placebo"] as? [String: Any])?["preperiod"] as? [[String: Any]]) ?? []).first {
            $0["outcome"] as? String == outcome
        }
        if let low = placebo?["ci_low"] as? Double, let high = placebo?["ci_high"] as? Double, low > 0 || high < 0 {
            failed.append("the pre-period placebo's 95% CI excludes zero")
        }
        return failed
    }

    /// "p = 0.0008", or "p < 1e-300".
    static func p(_ value: Double) -> String {
        let text = Format.pValue(value)
        return text.hasPrefix("<") ? "p \(text)" : "p = \(text)"
    }

    // MARK: the observational analysis

    /// The observational analysis, section by section, from an `analyze --out` folder.
    private mutating func observational(_ results: Results, into page: inout HTMLDocument) {
        dataSection(results, into: &page)
        methodSection(results, into: &page)
        effectsSection(results, into: &page)
        balanceSection(results, into: &page)
        overlapSection(results, into: &page)
        eventStudySection(results, into: &page)
        clustersSection(results, into: &page)
        sensitivitySection(results, into: &page)
        placeboSection(results, into: &page)
    }

    private func dataSection(_ results: Results, into page: inout HTMLDocument) {
        let d = results.document
        page.heading("Data and cleaning", id: "data")
        if let data = d["data"] as? [String: Any] {
            page.paragraph(
                "The panel has \(number(data["rows"])) account-months of \(number(data["accounts"])) accounts, \(number(data["engaged"])) of them engaged. "
                    + "\(number(data["accounts_analysed"])) accounts were analysed; \(number(data["accounts_without_baseline"])) had no baseline month. "
                    + "Baseline covariates come from the months before each engaged account's engagement (for never-engaged accounts, before \(data["baseline_control_reference"] as? String ?? "the reference month"))."
            )
            page.list(((data["notes"] as? [String]) ?? []).map { "Missing or coerced values: \($0)" })
        }
        if let outliers = d["outliers"] as? [[String: Any]], !outliers.isEmpty {
            page.paragraph("Outliers (segment IQR rule): accounts outside [low, high] of their segment are flagged.")
            page.table(
                ["outcome", "segment", "low", "high", "flagged"],
                outliers.map {
                    [
                        $0["outcome"] as? String ?? "", $0["segment"] as? String ?? "", number($0["low"]),
                        number($0["high"]), String(int($0["flagged"]))
                    ]
                })
        }

    }

    private func methodSection(_ results: Results, into page: inout HTMLDocument) {
        let d = results.document
        page.heading("Method and assumptions", id: "method")
        if let m = d["matching"] as? [String: Any] {
            let replace = (m["replace"] as? Bool) == true
            let caliper =
                (m["caliper"] as? Double).map {
                    "within a caliper of \(Format.fixed($0, 2)) standard deviations of the logit score"
                } ?? "without a caliper"
            page.paragraph(
                "Each engaged account was compared with never-engaged accounts that looked like it before it engaged. A logistic regression "
                    + "gave every account its probability of engaging (the propensity score) from its baseline size, mix and segment; each engaged "
                    + "account was matched to its \(int(m["ratio"])) nearest never-engaged account(s) on the \(m["distance"] as? String ?? "logit") of that score, "
                    + "\(caliper), \(replace ? "with" : "without") replacement. Each matched control takes its partner's engagement month, so "
                    + "before and after mean the same months for both.")
        }
        page.paragraph(
            "The difference-in-differences compares how much the engaged accounts changed after engagement with how much their controls changed "
                + "over the same months. It assumes that, without the engagement, both would have moved in parallel (the event study and the "
                + "placebo tests below check this before engagement), and that nothing unmeasured both drove engagement and changed revenue "
                + "(the sensitivity analysis asks how strong such a factor would have to be). Standard errors are clustered by matched pair."
        )

    }

    private func effectsSection(_ results: Results, into page: inout HTMLDocument) {
        let d = results.document
        page.heading("Effects", id: "effects")
        var rows: [[String]] = []
        for e in (d["effects"] as? [[String: Any]]) ?? [] { rows.append(effectRow("matched ATT", e)) }
        for did in (d["did"] as? [[String: Any]]) ?? [] {
            if let t = did["two_by_two"] as? [String: Any] { rows.append(effectRow("matched 2×2 DiD", t)) }
            for e in (did["effects"] as? [[String: Any]]) ?? [] where e["method"] as? String != "did-2x2" {
                rows.append(effectRow(e["method"] as? String ?? "", e))
            }
        }
        page.table(["estimator", "outcome", "estimate", "SE", "95% CI", "p", "treated", "controls"], rows)
        if let naive = d["naive"] as? [[String: Any]], !naive.isEmpty {
            page.paragraph(
                "For contrast, the naive comparison of engaged with all other accounts (what the original analysis reported): "
                    + naive.map { "\($0["outcome"] as? String ?? ""): \(number($0["difference"]))" }.joined(
                        separator: "; ")
                    + ". It mixes the effect with the difference between the accounts that chose to engage and the rest."
            )
        }

    }

    private mutating func balanceSection(_ results: Results, into page: inout HTMLDocument) {
        let d = results.document
        page.heading("Balance", id: "balance")
        if let balance = d["balance"] as? [[String: Any]] {
            let worst = balance.compactMap { ($0["smd_after"] as? Double).map(abs) }.max() ?? 0
            let flagged = balance.filter { ($0["flagged"] as? Bool) == true }.compactMap { $0["term"] as? String }
            page.paragraph(
                "Balance is judged by standardized mean differences (|SMD| < 0.1) and variance ratios (0.5 to 2), never by p-values. "
                    + "The largest |SMD| after matching is \(Format.fixed(worst, 3))"
                    + (flagged.isEmpty
                        ? "; every covariate is balanced." : "; still imbalanced: \(flagged.joined(separator: ", "))."))
        }
        if let svg = results.charts["love-plot.svg"] {
            chart(
                svg, id: "love-plot", caption: "Standardized mean differences before and after matching.", into: &page)
        }
    }

    private mutating func overlapSection(_ results: Results, into page: inout HTMLDocument) {
        let d = results.document
        page.heading("Propensity overlap", id: "overlap")
        if let m = d["matching"] as? [String: Any] {
            page.paragraph(
                "\(int(m["matched_treated"])) engaged accounts were matched; \(int(m["unmatched_treated"])) found no control within the caliper and are left out, so the effect describes the matched ones."
            )
        }
        if let svg = results.charts["overlap.svg"] {
            chart(svg, id: "overlap", caption: "Propensity scores of engaged and control accounts.", into: &page)
        }

    }

    private mutating func eventStudySection(_ results: Results, into page: inout HTMLDocument) {
        let d = results.document
        page.heading("Event study", id: "event-study")
        for did in (d["did"] as? [[String: Any]]) ?? [] {
            guard let outcome = did["outcome"] as? String else { continue }
            if let test = (did["event_study"] as? [String: Any])?["leads_test"] as? [String: Any] {
                page.paragraph(
                    "\(outcome): the joint test that every pre-engagement coefficient is zero gives F = \(number(test["f"], 2)), p = \(pValue(test["f_p_value"]))"
                        + ((test["f_p_value"] as? Double ?? 1) < 0.05
                            ? ": the trends before engagement differ, and the DiD's parallel-trends assumption is doubtful."
                            : "."))
            }
            if let svg = results.charts["event-study-\(outcome).svg"] {
                chart(
                    svg, id: "event-study-\(outcome)",
                    caption: "\(outcome): effect by month relative to engagement (−1 is the reference).", into: &page)
            }
        }

    }

    private mutating func clustersSection(_ results: Results, into page: inout HTMLDocument) {
        let d = results.document
        page.heading("Effects by account cluster", id: "clusters")
        if let c = d["clusters"] as? [String: Any], let clusters = c["clusters"] as? [[String: Any]] {
            page.paragraph(
                "Accounts were grouped into \(int(c["k"])) clusters by k-means on their baseline profile; each cluster's matched ATT is shown with its interval (p-values Holm-adjusted across clusters)."
            )
            page.table(
                ["cluster", "accounts"], clusters.map { ["cluster \(int($0["label"]))", String(int($0["size"]))] })
            for outcome in ((d["effects"] as? [[String: Any]]) ?? []).compactMap({ $0["outcome"] as? String }) {
                if let svg = results.charts["clusters-\(outcome).svg"] {
                    chart(
                        svg, id: "clusters-\(outcome)", caption: "\(outcome): matched ATT by account cluster.",
                        into: &page)
                }
            }
        } else {
            page.paragraph("The cluster step did not run.")
        }

    }

    private func sensitivitySection(_ results: Results, into page: inout HTMLDocument) {
        let d = results.document
        page.heading("Sensitivity to hidden bias", id: "sensitivity")
        if let sensitivity = d["sensitivity"] as? [[String: Any]], !sensitivity.isEmpty {
            page.paragraph(
                "Rosenbaum's Γ: how many times more likely to engage an account could be, for reasons not in the data, before the effect's significance goes. "
                    + "The E-value: how strongly an unmeasured factor would have to be tied to both engagement and the outcome to explain the effect away. "
                    + "Both belong to the matched ATT over post-engagement months (its pair differences), not to the difference-in-differences of the bottom line."
            )
            page.table(
                ["outcome", "for the estimate", "critical Γ", "E-value", "E-value of the CI bound"],
                sensitivity.map {
                    [
                        $0["outcome"] as? String ?? "", "matched ATT \(number($0["estimate"]))",
                        ($0["critical_gamma"] as? Double).map { Format.fixed($0, 2) }
                            ?? ($0["critical_gamma"] as? String ?? "not significant at Γ = 1"),
                        number($0["e_value"], 2), number($0["e_value_ci"], 2)
                    ]
                })
        } else {
            page.paragraph("The sensitivity step did not run.")
        }

    }

    private func placeboSection(_ results: Results, into page: inout HTMLDocument) {
        let d = results.document
        page.heading("Placebo tests", id: "placebo")
        if let placebo = d["placebo"] as? [String: Any] {
            let pre = (placebo["preperiod"] as? [[String: Any]]) ?? []
            if !pre.isEmpty {
                page.paragraph(
                    "Before engagement there should be no effect. The same matched comparison on pre-engagement months:"
                )
                page.table(
                    ["outcome", "estimate", "95% CI", "p"],
                    pre.map {
                        [
                            $0["outcome"] as? String ?? "", number($0["estimate"]),
                            "[\(number($0["ci_low"])), \(number($0["ci_high"]))]", pValue($0["p_value"])
                        ]
                    })
            }
            let random = (placebo["random_treatments"] as? [[String: Any]]) ?? []
            if !random.isEmpty {
                page.paragraph(
                    "Placebo engagements drawn at random among the controls show how large an ATT chance alone produces:"
                )
                page.table(
                    ["outcome", "real ATT", "placebo draws", "placebo mean", "placebo SD", "share at least as extreme"],
                    random.map {
                        [
                            $0["outcome"] as? String ?? "", number($0["estimate"]), String(int($0["draws"])),
                            number($0["mean"]), number($0["sd"]), number($0["p_value"], 3)
                        ]
                    })
            }
        }
    }

    private func effectRow(_ name: String, _ e: [String: Any]) -> [String] {
        [
            name, e["outcome"] as? String ?? "", number(e["estimate"]), number(e["se"]),
            "[\(number(e["ci_low"])), \(number(e["ci_high"]))]",
            pValue(e["p_value"]), e["n_treated"].map { String(int($0)) } ?? "–",
            e["n_control"].map { String(int($0)) } ?? "–"
        ]
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
            page.list(c.notes.map { "Note: \($0)" })
        }
    }

    // MARK: limitations

    func limitations() -> [String] {
        var items: [String] = []
        if let results {
            items += (results.document["diagnostics"] as? [String]) ?? []
            for s in (results.document["sensitivity"] as? [[String: Any]]) ?? [] {
                if let gamma = s["critical_gamma"] as? Double, let outcome = s["outcome"] as? String {
                    items.append(
                        "\(outcome): an unmeasured factor that made accounts \(Format.fixed(gamma, 2)) times more likely to engage would be enough to make the matched ATT non-significant."
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

    private func int(_ value: Any?) -> Int { (value as? Int) ?? (value as? Double).map { Int($0) } ?? 0 }
    /// JSON numbers arrive as Int or Double; both print with thousands separators.
    private func number(_ value: Any?, _ digits: Int = 0) -> String {
        (value as? Int).map { Format.grouped(Double($0)) } ?? (value as? Double).map { Format.grouped($0, digits) }
            ?? "–"
    }
    private func pValue(_ value: Any?) -> String { (value as? Double).map(Format.pValue) ?? "–" }
}
