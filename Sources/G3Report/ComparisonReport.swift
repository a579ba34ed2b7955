import Foundation
import G3Observational
import G3Registry
import G3Stats

/// `g3-design compare`: the randomized estimates of one metric, and every observational estimate linked
/// to the experiment judged against the benchmark (`RandomizedBenchmark`).
public struct ComparisonReport {
    public let experiment: String, metric: String
    public let randomized: [StoredEstimate]
    public let benchmark: StoredEstimate
    public let observational: [(estimate: StoredEstimate, comparison: RandomizedBenchmark)]
    public let diagnostics: [Diagnostic]

    public init(
        experiment: String, metric: String, randomized: [StoredEstimate], benchmark: StoredEstimate,
        observational: [StoredEstimate], experimentUnits: Int
    ) {
        self.experiment = experiment
        self.metric = metric
        self.randomized = randomized
        self.benchmark = benchmark
        let truth = Self.labelled(benchmark)
        self.observational = observational.map {
            ($0, RandomizedBenchmark(observational: Self.labelled($0), randomized: truth))
        }
        var notes: [Diagnostic] = []
        for run in uniqueInOrder(observational.map(\.runID)) {
            let shared = observational.first { $0.runID == run }!.record.sharedUnits
            switch shared {
            case nil:
                notes.append(
                    Diagnostic(
                        .data, .info, subject: "run \(run)",
                        "run \(run): how many units it shares with the experiment is unknown; the equality test assumes independence"
                    ))
            case 0?:
                notes.append(
                    Diagnostic(
                        .data, .info, subject: "run \(run)",
                        "run \(run) shares no units with the experiment (\(Format.grouped(Double(experimentUnits))) units): the comparison assumes its effect carries over to the experiment's population"
                    ))
            case let k?:
                notes.append(
                    Diagnostic(
                        .data, .info, subject: "run \(run)",
                        "run \(run) shares \(k) units with the experiment: the two estimates are positively correlated, so the equality test (which assumes independence) is conservative"
                    ))
            }
        }
        if [EstimateMethod.late.rawValue, EstimateMethod.twoStageLeastSquares.rawValue].contains(
            benchmark.record.method)
        {
            notes.append(
                Diagnostic(
                    .data, .info, subject: "benchmark",
                    "the benchmark is a LATE, the effect on accounts that engage because they were offered; it equals the engaged accounts' ATT only without always-takers"
                ))
        }
        if observational.contains(where: { $0.record.standardError == nil }) {
            notes.append(
                Diagnostic(
                    .data, .info,
                    "estimates without a standard error (the naive contrast) get a bias but no interval or test"))
        }
        diagnostics = notes
    }

    static func labelled(_ e: StoredEstimate) -> LabelledEstimate {
        LabelledEstimate(
            label: label(e), estimate: e.record.estimate, standardError: e.record.standardError,
            ciLow: e.record.ciLow, ciHigh: e.record.ciHigh)
    }

    static func label(_ e: StoredEstimate) -> String {
        e.record.evidence == .randomized
            ? "randomized: \(e.record.method)" : "\(e.record.method) · \(e.record.population)"
    }

    public func table() -> String {
        let b = benchmark.record
        var text = "Experiment \(experiment), metric \(metric)\n"
        text += "\nRandomized (run \(benchmark.runID), \(benchmark.command)); the benchmark is marked *\n"
        var rct = TextTable([
            ("", .left), ("estimator", .left), ("estimand", .left), ("estimate", .right), ("SE", .right),
            ("CI", .right),
            ("n treated", .right), ("n control", .right)
        ])
        for e in randomized {
            let r = e.record
            rct.add([
                e.id == benchmark.id ? "*" : "", r.method, r.estimand, Format.grouped(r.estimate, 2),
                Format.grouped(r.standardError, 2),
                Format.interval(r.ciLow, r.ciHigh), count(r.nTreatment), count(r.nControl)
            ])
        }
        text += rct.render()
        guard !observational.isEmpty else {
            return text
                + "\nNo observational estimates are linked to \(experiment) for \(metric): store them with `analyze --registry FILE --experiment \(experiment)`, or `g3-design registry link RUN --experiment \(experiment)`.\n"
        }
        text +=
            "\nObservational, against the benchmark \(b.method) \(Format.grouped(b.estimate, 2))"
            + (b.standardError.map { " (SE \(Format.grouped($0, 2)))" } ?? "") + "\n"
        var table = TextTable([
            ("run", .right), ("method", .left), ("population", .left), ("estimate", .right), ("SE", .right),
            ("CI", .right),
            ("bias", .right), ("bias/SE_rct", .right), ("ratio", .right), ("CIs overlap", .left), ("p (equal)", .right)
        ])
        for (e, c) in observational {
            let r = e.record
            table.add([
                String(e.runID), r.method, r.population, Format.grouped(r.estimate, 2),
                Format.grouped(r.standardError, 2), Format.interval(r.ciLow, r.ciHigh),
                Format.grouped(c.bias, 2), c.biasInRandomizedSE.map { Format.fixed($0, 2) } ?? "–",
                c.ratio.map { Format.fixed($0, 2) } ?? "–", c.intervalsOverlap.map { $0 ? "yes" : "no" } ?? "–",
                c.pValue.map(Format.pValue) ?? "–"
            ])
        }
        text += table.render()
        return text + diagnostics.map { "  note: \($0.message)\n" }.joined()
    }

    public var document: ComparisonDocument {
        ComparisonDocument(
            experiment: experiment, metric: metric, benchmarkEstimateId: benchmark.id,
            randomized: randomized.map(StoredEstimateDocument.init),
            observational: observational.map { ComparedEstimateDocument($0.estimate, $0.comparison) },
            diagnostics: diagnostics)
    }

    /// One row per estimate, randomized first; the comparison columns are empty for the randomized rows.
    public func csv() -> String {
        func number(_ x: Double?) -> String { x.map(CSV.number) ?? "" }
        var lines = [
            CSV.line([
                "estimate_id", "run_id", "evidence", "benchmark", "method", "estimand", "population", "estimate", "se",
                "ci_low", "ci_high",
                "n_treatment", "n_control", "shared_units", "bias", "bias_in_randomized_se", "ratio", "ci_overlap", "z",
                "p_value_equal"
            ])
        ]
        func base(_ e: StoredEstimate) -> [String] {
            let r = e.record
            return [
                String(e.id), String(e.runID), r.evidence.rawValue, e.id == benchmark.id ? "1" : "0", r.method,
                r.estimand, r.population,
                CSV.number(r.estimate), number(r.standardError), number(r.ciLow), number(r.ciHigh),
                r.nTreatment.map(String.init) ?? "", r.nControl.map(String.init) ?? "",
                r.sharedUnits.map(String.init) ?? ""
            ]
        }
        for e in randomized { lines.append(CSV.line(base(e) + Array(repeating: "", count: 6))) }
        for (e, c) in observational {
            lines.append(
                CSV.line(
                    base(e) + [
                        CSV.number(c.bias), number(c.biasInRandomizedSE), number(c.ratio),
                        c.intervalsOverlap.map { $0 ? "1" : "0" } ?? "", number(c.z), number(c.pValue)
                    ]))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The forest plot: the randomized benchmark on top, each observational estimate below.
    public func forestPlot() -> ForestPlot {
        let b = benchmark.record
        return ForestPlot(
            title: "\(metric): observational estimates against the randomized \(b.method) (\(experiment))",
            xLabel: "effect on \(metric)",
            benchmark: .init(label: "randomized: \(b.method)", estimate: b.estimate, low: b.ciLow, high: b.ciHigh),
            rows: observational.map {
                .init(
                    label: Self.label($0.estimate), estimate: $0.estimate.record.estimate,
                    low: $0.estimate.record.ciLow, high: $0.estimate.record.ciHigh)
            })
    }

    private func count(_ x: Int?) -> String { Format.grouped(x.map(Double.init)) }
}
