import ArgumentParser
import Foundation
import G3Data
import G3Observational
import G3Report

/// `g3-design diagnose`: bias, RMSE, coverage and power of each estimator against a known truth, on a
/// simulated panel (the observational design) or on the accounts' own history (`--history`, randomized
/// designs).
struct Diagnose: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Diagnose a design by simulation: bias, CI coverage and power of each estimator, on a simulated panel or on the accounts' own history.",
        discussion: """
            With --history and --design: simulated power on the real distribution. Each replication \
            resamples whole accounts from the customer-month panel, runs each design's own stratified \
            randomization (dependent rounding, re-randomization), gives the treated accounts the effect \
            (--lift, a multiplicative lift of the follow-up mean, or --diff, an additive one) and \
            estimates it four ways: difference in means, difference in differences on the baseline \
            mean, CUPED and Lin. It reports power, bias, CI coverage and width with Monte Carlo SEs \
            beside the analytic power, and says where they disagree and which to trust. Several \
            --design files compare candidate designs on the same resampled accounts.

            Example: g3-design diagnose --design designs/g3-rollout-2026.yaml --history panel.csv \
              --baseline-months 6 --follow-up-months 6 --lift 0.1

            Without --history: repeats simulate → analyze --replications times (replication r uses --seed + r) and \
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
    @OptionGroup(title: "History (randomized designs)") var historyOptions: HistoryOptions
    @Option(name: .customLong("design"), help: "With --history: a randomized design file; repeat to compare designs.")
    var designs: [String] = []
    @Option(help: "With --history: the relative lift of each treated account's follow-up outcome (0.1 = +10%).")
    var lift: Double?
    @Option(help: "With --history: an additive effect on each treated account's follow-up outcome.") var diff: Double?
    @Option(help: "With --history: accounts drawn per replication (default: the design's eligible accounts).")
    var accounts: Int?
    @Option(help: "Replications (default: 200; 1,000 with --history).") var replications: Int?
    @Option(help: "Seed of the first replication (MT19937).") var seed: UInt32 = 20_261_124
    @Option(
        help:
            "Confidence level of the intervals whose coverage is measured (default: 0.95, or 1 − the design's pre-registered alpha)."
    )
    var level: Double?
    @Option(help: OutputFormat.help) var format: OutputFormat = .table

    func validate() throws {
        if let replications, !(2...1_000_000).contains(replications) {
            throw ValidationError("--replications must be a whole number in [2, 1000000], got \(replications)")
        }
        if let level, !(level > 0 && level < 1) {
            throw ValidationError("--level must be a number in (0, 1), got \(level)")
        }
        if historyOptions.history != nil { return try validateHistory() }
        guard designs.isEmpty, lift == nil, diff == nil, accounts == nil else {
            throw ValidationError("--design, --lift, --diff and --accounts go with --history PANEL.csv")
        }
    }

    func run() throws {
        if let path = historyOptions.history { return try runHistory(path: path) }
        let replications = replications ?? 200
        let level = level ?? 0.95
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
