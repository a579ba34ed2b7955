import Foundation

/// The observational analysis of `g3-design report`, one function per section.
extension HTMLReport {
    /// The observational analysis, section by section, from an `analyze --out` folder.
    mutating func observational(_ results: Results, into page: inout HTMLDocument) {
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

    func dataSection(_ results: Results, into page: inout HTMLDocument) {
        let d = results.document
        page.heading("Data and cleaning", id: "data")
        let data = d.data
        page.paragraph(
            "The panel has \(number(data.rows)) account-months of \(number(data.accounts)) accounts, \(number(data.engaged)) of them engaged. "
                + "\(number(data.accountsAnalysed)) accounts were analysed; \(number(data.accountsWithoutBaseline)) had no baseline month. "
                + "Baseline covariates come from the months before each engaged account's engagement (for never-engaged accounts, before \(data.baselineControlReference))."
        )
        page.list(data.notes.map { "Missing or coerced values: \($0)" })
        if !d.outliers.isEmpty {
            page.paragraph("Outliers (segment IQR rule): accounts outside [low, high] of their segment are flagged.")
            page.table(
                ["outcome", "segment", "low", "high", "flagged"],
                d.outliers.map { [$0.outcome, $0.segment, number($0.low), number($0.high), String($0.flagged)] })
        }

    }

    func methodSection(_ results: Results, into page: inout HTMLDocument) {
        let d = results.document
        page.heading("Method and assumptions", id: "method")
        let m = d.matching
        let caliper =
            m.caliper.map {
                "within a caliper of \(Format.fixed($0, 2)) standard deviations of the logit score"
            } ?? "without a caliper"
        page.paragraph(
            "Each engaged account was compared with never-engaged accounts that looked like it before it engaged. A logistic regression "
                + "gave every account its probability of engaging (the propensity score) from its baseline size, mix and segment; each engaged "
                + "account was matched to its \(m.ratio) nearest never-engaged account(s) on the \(m.distance) of that score, "
                + "\(caliper), \(m.replace ? "with" : "without") replacement. Each matched control takes its partner's engagement month, so "
                + "before and after mean the same months for both.")
        page.paragraph(
            "The difference-in-differences compares how much the engaged accounts changed after engagement with how much their controls changed "
                + "over the same months. It assumes that, without the engagement, both would have moved in parallel (the event study and the "
                + "placebo tests below check this before engagement), and that nothing unmeasured both drove engagement and changed revenue "
                + "(the sensitivity analysis asks how strong such a factor would have to be). Standard errors are clustered by matched pair."
        )

    }

    func effectsSection(_ results: Results, into page: inout HTMLDocument) {
        let d = results.document
        page.heading("Effects", id: "effects")
        var rows: [[String]] = []
        for e in d.effects { rows.append(effectRow("matched ATT", e)) }
        for did in d.did {
            if let t = did.twoByTwo { rows.append(effectRow("matched 2×2 DiD", t)) }
            for e in did.effects { rows.append(effectRow(e.method, e)) }
        }
        page.table(["estimator", "outcome", "estimate", "SE", "95% CI", "p", "treated", "controls"], rows)
        if !d.naive.isEmpty {
            page.paragraph(
                "For contrast, the naive comparison of engaged with all other accounts (what the original analysis reported): "
                    + d.naive.map { "\($0.outcome): \(number($0.difference))" }.joined(separator: "; ")
                    + ". It mixes the effect with the difference between the accounts that chose to engage and the rest."
            )
        }

    }

    mutating func balanceSection(_ results: Results, into page: inout HTMLDocument) {
        let d = results.document
        page.heading("Balance", id: "balance")
        let worst = d.balance.map { abs($0.smdAfter) }.max() ?? 0
        let flagged = d.balance.filter(\.flagged).map(\.term)
        page.paragraph(
            "Balance is judged by standardized mean differences (|SMD| < 0.1) and variance ratios (0.5 to 2), never by p-values. "
                + "The largest |SMD| after matching is \(Format.fixed(worst, 3))"
                + (flagged.isEmpty
                    ? "; every covariate is balanced." : "; still imbalanced: \(flagged.joined(separator: ", "))."))
        if let svg = results.charts["love-plot.svg"] {
            chart(
                svg, id: "love-plot", caption: "Standardized mean differences before and after matching.", into: &page)
        }
    }

    mutating func overlapSection(_ results: Results, into page: inout HTMLDocument) {
        let d = results.document
        page.heading("Propensity overlap", id: "overlap")
        page.paragraph(
            "\(d.matching.matchedTreated) engaged accounts were matched; \(d.matching.unmatchedTreated) found no control within the caliper and are left out, so the effect describes the matched ones."
        )
        if let svg = results.charts["overlap.svg"] {
            chart(svg, id: "overlap", caption: "Propensity scores of engaged and control accounts.", into: &page)
        }

    }

    mutating func eventStudySection(_ results: Results, into page: inout HTMLDocument) {
        let d = results.document
        page.heading("Event study", id: "event-study")
        for did in d.did {
            let outcome = did.outcome
            if let test = did.eventStudy?.leadsTest {
                page.paragraph(
                    "\(outcome): the joint test that every pre-engagement coefficient is zero gives F = \(number(test.f, 2)), p = \(pValue(test.fPValue))"
                        + (test.fPValue < 0.05
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

    mutating func clustersSection(_ results: Results, into page: inout HTMLDocument) {
        let d = results.document
        page.heading("Effects by account cluster", id: "clusters")
        if let c = d.clusters {
            page.paragraph(
                "Accounts were grouped into \(c.k) clusters by k-means on their baseline profile; each cluster's matched ATT is shown with its interval (p-values Holm-adjusted across clusters)."
            )
            page.table(["cluster", "accounts"], c.clusters.map { ["cluster \($0.label)", String($0.size)] })
            for outcome in d.effects.map(\.outcome) {
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

    func sensitivitySection(_ results: Results, into page: inout HTMLDocument) {
        let d = results.document
        page.heading("Sensitivity to hidden bias", id: "sensitivity")
        if !d.sensitivity.isEmpty {
            page.paragraph(
                "Rosenbaum's Γ: how many times more likely to engage an account could be, for reasons not in the data, before the effect's significance goes. "
                    + "The E-value: how strongly an unmeasured factor would have to be tied to both engagement and the outcome to explain the effect away. "
                    + "Both belong to the matched ATT over post-engagement months (its pair differences), not to the difference-in-differences of the bottom line."
            )
            page.table(
                ["outcome", "for the estimate", "critical Γ", "E-value", "E-value of the CI bound"],
                d.sensitivity.map {
                    [
                        $0.outcome, "matched ATT \(number($0.estimate))", criticalGamma($0.criticalGamma),
                        number($0.eValue, 2), number($0.eValueCi, 2)
                    ]
                })
        } else {
            page.paragraph("The sensitivity step did not run.")
        }

    }

    func placeboSection(_ results: Results, into page: inout HTMLDocument) {
        let d = results.document
        page.heading("Placebo tests", id: "placebo")
        let pre = d.placebo.preperiod
        if !pre.isEmpty {
            page.paragraph(
                "Before engagement there should be no effect. The same matched comparison on pre-engagement months:")
            page.table(
                ["outcome", "estimate", "95% CI", "p"],
                pre.map {
                    [$0.outcome, number($0.estimate), "[\(number($0.ciLow)), \(number($0.ciHigh))]", pValue($0.pValue)]
                })
        }
        let random = d.placebo.randomTreatments
        if !random.isEmpty {
            page.paragraph(
                "Placebo engagements drawn at random among the controls show how large an ATT chance alone produces:")
            page.table(
                ["outcome", "real ATT", "placebo draws", "placebo mean", "placebo SD", "share at least as extreme"],
                random.map {
                    [
                        $0.outcome, number($0.estimate), String($0.draws), number($0.mean), number($0.sd),
                        number($0.pValue, 3)
                    ]
                })
        }
    }

    func criticalGamma(_ gamma: SensitivityDocument.CriticalGamma?) -> String {
        switch gamma {
        case .value(let g)?: return Format.fixed(g, 2)
        case .aboveSearch?: return SensitivityDocument.CriticalGamma.aboveSearchText
        case nil: return "not significant at Γ = 1"
        }
    }

    func effectRow(_ name: String, _ e: EstimateDocument) -> [String] {
        [
            name, e.outcome, number(e.estimate), number(e.se), "[\(number(e.ciLow)), \(number(e.ciHigh))]",
            pValue(e.pValue), e.nTreated.map { String($0) } ?? "–", e.nControl.map { String($0) } ?? "–"
        ]
    }
}
