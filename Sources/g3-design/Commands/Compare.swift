import ArgumentParser
import Foundation
import G3Observational
import G3Registry
import G3Report
import G3Stats

/// `g3-design compare`: observational estimates against the randomized one of the same metric.
struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Lay the observational estimates linked to an experiment beside its randomized estimate.",
        discussion: """
            The randomized estimates of the metric come from the experiment's latest `rct analyze` \
            (or `iv estimate --experiment`) run; the benchmark is the LATE when take-up was recorded, \
            else the blocked estimator for stratified designs, else the difference in means (Neyman \
            SE); --benchmark picks another. Every observational estimate linked to the experiment \
            (`analyze --registry FILE --experiment ID`, or `registry link RUN --experiment ID`) is \
            judged against it: bias, bias in randomized SEs, ratio, whether the CIs overlap, and \
            z = bias/√(SE_obs² + SE_rct²) with a two-sided normal p. That test assumes the two \
            estimates are independent; when they share units it is conservative, and the output says so.

            Example (after `g3-design example nsw --registry nsw.sqlite`):
              g3-design compare nsw --metric re78 --registry nsw.sqlite --chart forest.svg
            """)

    @Argument(help: "The experiment id.") var experiment: String
    @Option(help: "The outcome metric.") var metric: String
    @Option(
        help:
            "The randomized method to compare against (default: the pre-registered estimate, else the first of late, 2sls, blocked, difference-in-means that the experiment has)."
    )
    var benchmark: EstimateMethod?
    @OptionGroup var output: ComparisonOutputOptions
    @OptionGroup var registry: RegistryOptions

    func run() throws {
        let store = try registry.openForReading()
        let report = try comparisonReport(store: store, experiment: experiment, metric: metric, benchmark: benchmark)
        let text = try report.rendered(output.format)
        if let chart = output.chart { try write(report.forestPlot().svg(), to: chart, flag: "--chart") }
        print(text, terminator: "")
    }
}

extension ComparisonReport {
    /// The whole output in `format`, rendered before any file is written.
    func rendered(_ format: OutputFormat) throws -> String {
        switch format {
        case .table: return table()
        case .json: return try jsonText(document)
        case .csv: return csv()
        }
    }
}

/// The comparison of experiment `experiment`'s randomized and observational estimates of `metric`.
func comparisonReport(store: Registry, experiment: String, metric: String, benchmark method: EstimateMethod?) throws
    -> ComparisonReport
{
    _ = try RegistryOptions.experiment(experiment, in: store)
    let all = try store.estimates(experimentID: experiment, metric: metric)
    let randomizedAll = all.filter { $0.record.evidence == .randomized }
    guard let lastRun = randomizedAll.last?.runID else {
        let metrics = try store.estimatedMetrics(experimentID: experiment)
        throw ValidationError(
            "experiment '\(experiment)' has no randomized estimate of '\(metric)'; run `g3-design rct analyze \(experiment) --metric \(metric)` first"
                + (metrics.isEmpty ? "" : " (estimated metrics: \(metrics.joined(separator: ", ")))"))
    }
    // The latest analysis of the arms: an earlier run of the same command is superseded.
    let lastCommand = randomizedAll.last!.command
    let randomized = randomizedAll.filter { $0.command != lastCommand || $0.runID == lastRun }
    let chosen: StoredEstimate
    if let method {
        guard let found = randomized.last(where: { $0.record.method == method.rawValue }) else {
            throw ValidationError(
                "--benchmark: experiment '\(experiment)' has no randomized '\(method.rawValue)' estimate of '\(metric)'; it has \(uniqueInOrder(randomized.map(\.record.method)).joined(separator: ", "))"
            )
        }
        chosen = found
    } else {
        chosen =
            randomized.last(where: isPreRegistered)
            ?? [EstimateMethod.late, .twoStageLeastSquares, .blocked, .differenceInMeans].lazy.compactMap { m in
                randomized.last { $0.record.method == m.rawValue }
            }.first
            ?? randomized.last!
    }
    return ComparisonReport(
        experiment: experiment, metric: metric, randomized: randomized, benchmark: chosen,
        observational: all.filter { $0.record.evidence == .observational },
        experimentUnits: try store.unitIDs(experiment).count)
}

/// Whether the run that stored `e` followed the design's pre-registered analysis and `e` is its estimator.
func isPreRegistered(_ e: StoredEstimate) -> Bool {
    let notes = e.record.diagnosticsJSON.flatMap {
        try? ResultJSON.decode(EstimateNotesDocument.self, from: Data($0.utf8))
    }
    return notes?.role == "pre-registered"
}

/// A method named on the command line, in the current spelling or the one before result schema 2.
extension EstimateMethod: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(name: argument)
    }

    /// The methods a randomized benchmark can have.
    public static var allValueStrings: [String] {
        let randomized: [EstimateMethod] = [
            .differenceInMeans, .differenceInMeansPooled, .blocked, .lin, .cuped, .late, .twoStageLeastSquares
        ]
        return randomized.map(\.rawValue)
    }
}
