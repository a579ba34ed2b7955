import ArgumentParser
import Foundation
import G3Registry
import G3Report

/// `g3-design registry show|export|runs|link`.
struct RegistryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "registry", abstract: "Look into the registry: experiments, assignments, outcomes, estimates.",
        subcommands: [RegistryShow.self, RegistryExport.self, RegistryRuns.self, RegistryLink.self])
}

struct RegistryShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "List the experiments, or describe one.")

    @Argument(help: "An experiment id (default: list them all).") var experiment: String?
    @OptionGroup var registry: RegistryOptions

    func run() throws {
        let store = try registry.openForReading()
        guard let experiment else {
            var table = TextTable([
                ("experiment", .left), ("kind", .left), ("units", .right), ("created", .left), ("title", .left)
            ])
            for e in try store.experiments() {
                let units = try store.counts(e.id).first { $0.table == "unit" }?.rows ?? 0
                table.add([e.id, e.kind, Format.grouped(Double(units)), "\(e.createdAt)", e.title])
            }
            print(
                table.rows.isEmpty ? "the registry \(store.path) holds no experiments yet" : table.render(),
                terminator: table.rows.isEmpty ? "\n" : "")
            return
        }
        let e = try RegistryOptions.experiment(experiment, in: store)
        var rows = AlignedRows()
        rows.add("kind", e.kind)
        rows.add("title", e.title)
        rows.add("created", "\(e.createdAt) with g3-design \(e.toolVersion)")
        rows.add("design SHA-256", e.designSHA256)
        rows.add("generator", "\(e.generator ?? "–"), seed \(e.seed.map(String.init) ?? "–")")
        rows.add("unit list SHA-256", e.unitsSHA256 ?? "–")
        rows.add("assignment SHA-256", e.assignmentSHA256 ?? "–")
        rows.add(
            "arms",
            try store.armCounts(experiment).map { "\($0.arm) \(Format.grouped(Double($0.units)))" }.joined(
                separator: ", "))
        for (table, count) in try store.counts(experiment) where table != "unit" && table != "assignment" {
            rows.add(table, Format.grouped(Double(count)) + " rows")
        }
        print("Experiment \(e.id)\n" + rows.render())
        let outcomes = try store.outcomeSummary(experiment)
        if !outcomes.isEmpty {
            var table = TextTable([("metric", .left), ("period", .left), ("units", .right)])
            for o in outcomes { table.add([o.metric, o.period, Format.grouped(Double(o.units))]) }
            print("\nOutcomes\n" + table.render(), terminator: "")
        }
    }
}

struct RegistryExport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write one table of an experiment as CSV or JSON to stdout.")

    @Argument(help: "The experiment id.") var experiment: String
    @Option(
        help:
            "assignment, outcome, takeup, estimate, unit, or analysis (one row per unit: arm, stratum, take-up and the --metric outcome, in a column named after the metric, or outcome_<metric> when that name is taken)."
    )
    var table: String
    @Option(help: "With --table analysis: the outcome metric.") var metric: String?
    @Option(help: "With --table analysis: the period (required when the metric has several).") var period: String?
    @Option(help: "csv (the default), json, or an aligned table.") var format: OutputFormat = .csv
    @OptionGroup var registry: RegistryOptions

    func validate() throws {
        guard Registry.exportableTables.contains(table) || table == "analysis" else {
            throw ValidationError(
                "--table must be one of \((Registry.exportableTables + ["analysis"]).joined(separator: ", ")), got '\(table)'"
            )
        }
        if table == "analysis", metric == nil { throw ValidationError("--table analysis needs --metric") }
        if table != "analysis", metric != nil || period != nil {
            throw ValidationError("--metric and --period belong to --table analysis")
        }
    }

    func run() throws {
        let store = try registry.openForReading()
        let exported: ExportedTable
        if table == "analysis", let metric {
            let rows = try store.analysisRows(experiment, metric: metric, period: period).rows
            // A metric named like a fixed column (arm, stratum, …) gets the column outcome_<metric>.
            let fixed = ["unit_id", "arm", "stratum", "engaged"]
            exported = ExportedTable(
                columns: fixed + [fixed.contains(metric) ? "outcome_\(metric)" : metric],
                rows: rows.map {
                    [
                        .text($0.unitID), .text($0.arm), .text($0.stratum),
                        $0.engaged.map { .integer($0 ? 1 : 0) } ?? .null, .real($0.value)
                    ]
                })
        } else {
            exported = try store.export(table, experimentID: experiment)
        }
        switch format {
        case .csv:
            print(CSV.line(exported.columns))
            for row in exported.rows { print(CSV.line(row.map(Self.cell))) }
        case .json:
            print(try jsonText(exported.objects), terminator: "")
        case .table:
            var table = TextTable(exported.columns.map { ($0, .left) })
            for row in exported.rows { table.add(row.map(Self.cell)) }
            print(table.render(), terminator: "")
        }
    }

    /// A cell as text: empty for null, numbers unrounded.
    static func cell(_ value: ExportedValue) -> String {
        switch value {
        case .null: return ""
        case .integer(let i): return String(i)
        case .real(let d): return CSV.number(d)
        case .text(let s): return s
        }
    }
}

struct RegistryRuns: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "List the runs that stored estimates, newest first, with the experiments they are linked to.")

    @OptionGroup var registry: RegistryOptions

    func run() throws {
        let runs = try registry.openForReading().estimateRuns()
        guard !runs.isEmpty else {
            print("no run has stored estimates in \(registry.path) yet")
            return
        }
        var table = TextTable([
            ("run", .right), ("command", .left), ("started", .left), ("estimates", .right), ("linked to", .left)
        ])
        for r in runs {
            table.add([
                String(r.runID), r.command, "\(r.startedAt)", String(r.estimates),
                r.experiments.isEmpty ? "–" : r.experiments.joined(separator: ", ")
            ])
        }
        print(table.render(), terminator: "")
    }
}

struct RegistryLink: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "link", abstract: "Link a run's observational estimates to an experiment, for `compare`.",
        discussion: """
            Use it when the estimates were stored without `analyze --experiment`. `registry runs` \
            lists the runs. --shared-units records how many of the estimate's units are also units \
            of the experiment (0 when the populations are disjoint), which `compare` uses to \
            qualify its equality test; without it the overlap is recorded as unknown.
            """)

    @Argument(help: "The run id (see `g3-design registry runs`).") var runID: Int64
    @Option(help: "The experiment id.") var experiment: String
    @Option(help: "Units of the estimates that are also units of the experiment.") var sharedUnits: Int?
    @OptionGroup var registry: RegistryOptions

    func validate() throws {
        if let sharedUnits, sharedUnits < 0 { throw ValidationError("--shared-units must be ≥ 0, got \(sharedUnits)") }
    }

    func run() throws {
        let linked = try registry.openExisting().link(runID: runID, to: experiment, sharedUnits: sharedUnits)
        print("linked \(linked) estimate\(linked == 1 ? "" : "s") of run \(runID) to experiment \(experiment)")
    }
}
