import ArgumentParser
import Foundation
import G3Data
import G3Observational
import G3Report

/// `g3-design diagnose`: bias, RMSE, coverage and power of each estimator against a known truth.
struct Diagnose: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Diagnose the observational design by simulation: bias, RMSE, CI coverage and power of each estimator.",
        discussion: """
            Repeats simulate → analyze --replications times (replication r uses --seed + r) and \
            compares each estimator with that replication's true ATT: the naive engaged-vs-rest \
            difference, the matched ATT (psm), the matched 2×2 DiD, the TWFE and the event study \
            (mean of the post-engagement coefficients). It answers the question the original team \
            could not: with this many engaged accounts, which effects can the method detect?

            The analysis uses the defaults of `analyze` without bootstrap, placebo draws, clusters \
            or sensitivity. A progress bar goes to stderr.

            Example: g3-design diagnose --replications 200 --customers 3000 --engaged 235
            """)

    @OptionGroup(title: "Simulated panel") var simulation: SimulationOptions
    @Option(
        help: "Match only within these columns, comma-separated (e.g. sub_segment, the source of the segment trends).")
    var exact: String?
    @Option(help: "Replications.") var replications = 200
    @Option(help: "Seed of the first replication (MT19937).") var seed: UInt32 = 20_261_124
    @Option(help: "Confidence level of the intervals whose coverage is measured.") var level = 0.95
    @Option(help: OutputFormat.help) var format: OutputFormat = .table

    func validate() throws {
        guard replications >= 2 else { throw ValidationError("--replications must be at least 2, got \(replications)") }
        guard level > 0, level < 1 else { throw ValidationError("--level must be a number in (0, 1), got \(level)") }
    }

    func run() throws {
        let settings = try simulation.settings(defaultCustomers: 5000)
        var analysis = PanelAnalysis.Settings()  // the seed schema, no bootstrap or placebo draws
        analysis.exact = columnList(exact ?? "")
        analysis.level = level
        analysis.steps = [.did, .eventStudy]
        let bar = ProgressBar(total: replications, label: "diagnose")
        let diagnosis = try DesignDiagnosis(
            simulation: settings, analysis: analysis, replications: replications, seed: seed,
            progress: bar.update)
        bar.finish()
        guard replications - diagnosis.failures.count >= 2 else {
            throw ObservationalError(
                "only \(replications - diagnosis.failures.count) of \(replications) replications could be analyzed, too few for bias, coverage or power (first failure: \(diagnosis.failures.first ?? "?")); simulate more accounts or more engaged ones"
            )
        }
        if diagnosis.failures.count > 0 {
            warn(
                "\(diagnosis.failures.count) of \(replications) replications could not be analyzed (first: \(diagnosis.failures.first ?? "?"))"
            )
        }
        let report = DiagnosisReport(diagnosis: diagnosis, level: level)
        switch format {
        case .table:
            print(
                "\(replications) replications of \(settings.customers) accounts, \(settings.engaged) engaged, \(settings.months) months; lifts \(Format.percent(settings.securityLift, 1)) security, \(Format.percent(settings.totalLift, 1)) total; selection \(settings.selection)"
            )
            print(report.table(), terminator: "")
        case .json:
            let document = DiagnosisDocument(
                diagnosis, level: level, settings: settings, replications: replications, seed: seed)
            print(try jsonText(document), terminator: "")
        case .csv:
            let document = DiagnosisDocument(
                diagnosis, level: level, settings: settings, replications: replications, seed: seed)
            print(try csvText(document.summaries), terminator: "")
        }
    }
}
