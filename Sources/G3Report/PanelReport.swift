import Foundation
import G3Observational
import G3Stats

/// Renders a panel analysis: terminal summary and the results document.
public struct PanelReport {
    public let analysis: PanelAnalysis
    public let panel: AccountPanel
    public let dataNotes: [String]
    public let matchReport: MatchReport

    public init(analysis: PanelAnalysis, panel: AccountPanel, dataNotes: [String], level: Double, seed: UInt32) {
        self.analysis = analysis
        self.panel = panel
        self.dataNotes = dataNotes
        matchReport = MatchReport(analysis: analysis.matching, level: level, seed: seed)
    }

    private var engaged: Int { panel.accounts.filter { $0.engagementMonth != nil }.count }

    public func table() throws -> String {
        var head = AlignedRows()
        head.add(
            "panel",
            "\(Format.grouped(Double(panel.month.count))) rows, \(Format.grouped(Double(panel.accounts.count))) accounts, \(engaged) engaged, \(AccountPanel.label(panel.month.min() ?? 0)) to \(AccountPanel.label(panel.month.max() ?? 0))"
        )
        head.add(
            "baseline window",
            "months before each engagement; never-engaged accounts: before \(AccountPanel.label(analysis.baseline.controlReference))"
        )
        head.add(
            "accounts analysed",
            "\(analysis.accounts.count) (\(analysis.baseline.droppedCount) without a complete baseline)")
        let flagged = analysis.outlierReport.cells.map(\.flagged).reduce(0, +)
        head.add(
            "outliers (IQR rule)",
            "\(analysis.outlierReport.flaggedAccounts.count) accounts flagged (\(flagged) segment × outcome flags)")
        var effects = TextTable([
            ("outcome", .left), ("estimator", .left), ("estimate", .right), ("SE", .right), ("CI", .right),
            ("p", .right), ("lift", .right)
        ])
        for (e, placebo) in zip(analysis.effects, analysis.preperiodPlacebo) {
            effects.add([
                e.outcome, "PSM: ATT after engagement", Format.grouped(e.estimate, 2),
                Format.grouped(e.standardError, 2),
                "[\(Format.grouped(e.ciLow, 2)), \(Format.grouped(e.ciHigh, 2))]", Format.fixed(e.pValue, 4),
                e.relative.map { Format.percent($0, 1) } ?? "–"
            ])
            effects.add([
                e.outcome, "placebo: same pairs, before", Format.grouped(placebo.estimate, 2),
                Format.grouped(placebo.standardError, 2),
                "[\(Format.grouped(placebo.ciLow, 2)), \(Format.grouped(placebo.ciHigh, 2))]",
                Format.fixed(placebo.pValue, 4), placebo.relative.map { Format.percent($0, 1) } ?? "–"
            ])
        }
        for d in analysis.placeboTreatments where !d.draws.isEmpty {
            let range = d.interval(level: level)
            effects.add([
                d.outcome, "placebo: random controls ×\(d.draws.count)", Format.grouped(d.mean, 2),
                Format.grouped(d.standardDeviation, 2),
                "[\(Format.grouped(range.low, 2)), \(Format.grouped(range.high, 2))]", Format.fixed(d.pValue, 4), "–"
            ])
        }
        for n in analysis.naive {
            effects.add([
                n.outcome, "naive: engaged vs all others", Format.grouped(n.difference, 2), "–", "–", "–",
                n.ratio.map { Format.percent($0, 1) } ?? "–"
            ])
        }
        let seNote = analysis.matching.spec.replace ? "Abadie–Imbens SE, normal" : "SE clustered by pair, t(G − 1)"
        var text =
            head.render() + "\n" + matchReport.overview()
            + "\nEffects (each matched control inherits its partner's engagement month; \(seNote))\n" + effects.render()
        if !analysis.placeboTreatments.isEmpty {
            text +=
                "placebo rows: SE = SD of the placebo draws, CI = their central \(Format.percent(level, 0)), p = share at least as far from 0 as the real ATT\n"
        }
        if !analysis.byEngagementType.isEmpty {
            var types = TextTable([
                ("engagement type", .left), ("pairs", .right), ("outcome", .left), ("ATT", .right), ("SE", .right),
                ("CI", .right), ("p", .right)
            ])
            for t in analysis.byEngagementType {
                for e in t.effects {
                    types.add([
                        t.type, String(t.pairs), e.outcome, Format.grouped(e.estimate, 2),
                        Format.grouped(e.standardError, 2),
                        "[\(Format.grouped(e.ciLow, 2)), \(Format.grouped(e.ciHigh, 2))]", Format.fixed(e.pValue, 4)
                    ])
                }
            }
            text +=
                "\nBy engagement type (the same pairs, split by the engaged account's type; p-values not adjusted for multiplicity)\n"
                + types.render()
        }
        text += try followUpTables()
        return text
    }

    private var level: Double { matchReport.level }

    /// DiD on the matched panel, account clusters, sensitivity and multiplicity.
    func followUpTables() throws -> String {
        var text = ""
        if !analysis.did.isEmpty {
            var t = TextTable([
                ("outcome", .left), ("estimator", .left), ("ATT", .right), ("SE", .right), ("CI", .right), ("p", .right)
            ])
            for d in analysis.did {
                let e = d.twoByTwo
                t.add([
                    d.outcome, "2×2 DiD, matched pairs", Format.grouped(e.estimate, 2),
                    Format.grouped(e.standardError, 2),
                    "[\(Format.grouped(e.ciLow, 2)), \(Format.grouped(e.ciHigh, 2))]", Format.fixed(e.pValue, 4)
                ])
                for row in try didReport(d).estimates() {
                    t.add([
                        d.outcome, "\(row.method), matched panel", Format.grouped(row.estimate, 2),
                        Format.grouped(row.se, 2), Format.interval(row.ciLow, row.ciHigh), Format.fixed(row.pValue, 4)
                    ])
                }
            }
            text +=
                "\nDifference-in-differences (each engaged account's own month, inherited by its controls; clustered by pair)\n"
                + t.render()
            for d in analysis.did {
                if let w = d.panel.eventStudy?.leadsTest {
                    text +=
                        "\(d.outcome): event-study leads jointly 0: F(\(w.restrictions), \(d.panel.eventStudy!.fit.clusters - 1)) = \(Format.fixed(w.fStatistic, 3)), p = \(Format.fixed(w.fPValue, 4))\n"
                }
                if let p = d.panel.callawaySantAnna?.pretest {
                    text +=
                        "\(d.outcome): Callaway & Sant'Anna pre-trend test: W = \(Format.fixed(p.statistic, 3)), χ²(\(p.df)) p = \(Format.fixed(p.pValue, 4))\n"
                }
            }
        }
        if let c = analysis.clusters {
            var t = TextTable([
                ("cluster", .right), ("accounts", .right), ("outcome", .left), ("ATT", .right), ("CI", .right),
                ("p (Holm)", .right)
            ])
            for cluster in c.clusters {
                for (o, outcome) in analysis.effects.map(\.outcome).enumerated() {
                    let e = cluster.effects[o]
                    t.add([
                        String(cluster.label), String(cluster.size), outcome,
                        e.map { Format.grouped($0.estimate, 2) } ?? "too few pairs",
                        e.map { "[\(Format.grouped($0.ciLow, 2)), \(Format.grouped($0.ciHigh, 2))]" } ?? "",
                        cluster.holm[o].map { Format.fixed($0, 4) } ?? ""
                    ])
                }
            }
            text +=
                "\nAccount clusters (k-means, k = \(c.k)\(c.silhouette.map { ", chosen by silhouette \(Format.fixed($0, 3))" } ?? ""), on \(c.features.count) standardized baseline features)\n"
                + t.render()
        }
        if !analysis.sensitivity.isEmpty {
            var t = TextTable([
                ("outcome", .left), ("p at Γ = 1", .right), ("Γ = 1.5", .right), ("Γ = 2", .right),
                ("Γ where p > 0.05", .right),
                ("E-value", .right), ("E-value (CI)", .right), ("Holm p", .right), ("BH p", .right)
            ])
            for (i, s) in analysis.sensitivity.enumerated() {
                let gamma = s.criticalGamma.map { $0.isInfinite ? "> 1000" : Format.fixed($0, 2) } ?? "not significant"
                t.add([
                    s.outcome, Format.fixed(s.upperPValues[0], 4), Format.fixed(s.upperPValues[2], 4),
                    Format.fixed(s.upperPValues[3], 4), gamma,
                    s.eValue.map { Format.fixed($0, 2) } ?? "–", s.eValueInterval.map { Format.fixed($0, 2) } ?? "–",
                    Format.fixed(analysis.holm[i], 4), Format.fixed(analysis.benjaminiHochberg[i], 4)
                ])
            }
            text +=
                "\nSensitivity of the matched ATT (psm; Rosenbaum bounds, Wilcoxon signed rank on its pair differences; E-value from its d) "
                + "and multiplicity across outcomes; not of the DiD estimates\n" + t.render()
        }
        return text
    }

    /// Event-study and cluster forest charts, by file name.
    public func followUpCharts() -> [(file: String, svg: String)] {
        var charts: [(String, String)] = analysis.did.compactMap { d in
            didReport(d).eventStudyChart().map {
                ("event-study-\(d.outcome).svg", $0)
            }
        }
        if let c = analysis.clusters {
            for (o, outcome) in analysis.effects.map(\.outcome).enumerated() {
                let points = c.clusters.compactMap { cluster in
                    cluster.effects[o].map {
                        CoefficientPlot.Point(
                            label: "cluster \(cluster.label) (\(cluster.size))", estimate: $0.estimate, low: $0.ciLow,
                            high: $0.ciHigh)
                    }
                }
                if !points.isEmpty {
                    charts.append(
                        (
                            "clusters-\(outcome).svg",
                            CoefficientPlot(
                                title: "ATT on \(outcome) by account cluster (\(Format.percent(level, 0)) CI)",
                                xLabel: "cluster (accounts)", yLabel: outcome, points: points
                            ).svg()
                        ))
                }
            }
        }
        return charts
    }

    /// The estimates a registry keeps: the naive contrast, the PSM ATT, the matched 2×2 DiD, the TWFE,
    /// the Callaway & Sant'Anna simple average and the event study's post average of each outcome.
    public func registryEstimates() throws -> [EstimateDocument] {
        var rows = analysis.naive.map { EstimateDocument($0) }
        rows += analysis.effects.map { EstimateDocument($0) }
        for d in analysis.did {
            rows.append(EstimateDocument(d.twoByTwo, method: .didTwoByTwo))
            rows += try didReport(d).estimates().filter {
                [EstimateMethod.twfe.rawValue, EstimateMethod.csSimple.rawValue].contains($0.method)
            }
            if let study = d.panel.eventStudy, let average = try study.postAverage(level: level) {
                rows.append(
                    EstimateDocument(
                        outcome: d.outcome, method: .eventStudyPost, estimand: "ATT (mean of the post coefficients)",
                        estimate: average.estimate, se: average.standardError, df: average.degreesOfFreedom,
                        ciLow: average.ciLow, ciHigh: average.ciHigh, pValue: average.pValue,
                        nTreated: d.twoByTwo.nTreated, nControl: d.twoByTwo.nControl, seMethod: "cr1"))
            }
        }
        return rows
    }

    func didReport(_ d: MatchedPanelDiD) -> DiDReport {
        DiDReport(analysis: d.panel, level: level, periodLabel: { AccountPanel.label($0) })
    }

    /// effects.csv: the ATT of every outcome, then by engagement type.
    public func effectsCSV() -> String {
        MatchReport.estimatesCSV(
            analysis.effects.map { ("all matched", EstimateDocument($0)) }
                + analysis.byEngagementType.flatMap { t in
                    t.effects.map { ("engagement type: \(t.type)", EstimateDocument($0)) }
                })
    }

    /// The results document; `excluded` are the accounts the reader left out.
    public func document(excluded: [ExcludedAccountDocument]) throws -> PanelDocument {
        let matching = matchReport.document
        return PanelDocument(
            data: dataDocument, excludedAccounts: excluded,
            outliers: analysis.outlierReport.cells.map {
                OutlierCellDocument(
                    segment: $0.segment, outcome: $0.outcome, low: $0.low, high: $0.high, flagged: $0.flagged)
            },
            propensity: matching.propensity, matching: matching.matching, balance: matching.balance,
            effects: analysis.effects.map { EstimateDocument($0) }, placebo: placeboDocument,
            byEngagementType: analysis.byEngagementType.map {
                EngagementTypeDocument(type: $0.type, pairs: $0.pairs, effects: $0.effects.map { EstimateDocument($0) })
            },
            naive: analysis.naive.map {
                NaiveDocument(
                    outcome: $0.outcome, engagedMean: $0.engagedMean, comparisonMean: $0.comparisonMean,
                    difference: $0.difference, relative: $0.ratio)
            },
            did: try analysis.did.map { d in
                var document = try didReport(d).document()
                document.schemaVersion = nil
                document.twoByTwo = EstimateDocument(d.twoByTwo, method: .didTwoByTwo)
                return document
            },
            clusters: analysis.clusters.map(ClustersDocument.init),
            sensitivity: analysis.sensitivity.map(SensitivityDocument.init),
            multiplicity: zip(analysis.effects, zip(analysis.holm, analysis.benjaminiHochberg)).map {
                MultiplicityDocument(outcome: $0.outcome, pValue: $0.pValue, holm: $1.0, bh: $1.1)
            },
            diagnostics: analysis.diagnostics)
    }

    private var dataDocument: PanelDataDocument {
        PanelDataDocument(
            rows: panel.month.count, accounts: panel.accounts.count, engaged: engaged,
            baselineControlReference: AccountPanel.label(analysis.baseline.controlReference),
            accountsAnalysed: analysis.accounts.count, accountsWithoutBaseline: analysis.baseline.droppedCount,
            notes: dataNotes)
    }

    private var placeboDocument: PlaceboDocument {
        PlaceboDocument(
            preperiod: analysis.preperiodPlacebo.map { EstimateDocument($0) },
            randomTreatments: analysis.placeboTreatments.map { d in
                let range = d.draws.isEmpty ? nil : d.interval(level: level)
                return PlaceboDocument.RandomTreatments(
                    outcome: d.outcome, estimate: d.estimate, draws: d.draws.count, failedDraws: d.failedDraws,
                    mean: d.draws.isEmpty ? nil : d.mean, sd: d.draws.count < 2 ? nil : d.standardDeviation,
                    low: range?.low, high: range?.high, pValue: d.pValue)
            })
    }
}
