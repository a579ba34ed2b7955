import ArgumentParser
import Foundation
import G3Data
import G3Design
import G3Observational
import G3Registry
import G3Report
import G3Stats

/// `g3-design example`: worked examples on public data.
struct Example: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Worked examples on public data, end to end through the registry.", subcommands: [ExampleNSW.self])
}

/// `g3-design example nsw`: LaLonde's (1986) within-study comparison, replayed.
struct ExampleNSW: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nsw",
        abstract: "The NSW experiment against observational estimates from CPS and PSID comparison groups.",
        discussion: """
            Records the NSW job-training experiment (Dehejia-Wahba subsample: 185 treated, 260 \
            randomized controls; causaldata's nsw_mixtape) in the registry as experiment `nsw`, \
            imports 1978 earnings (metric re78) and analyses the arms as `rct analyze` does: \
            $1,794.34, SE 632.85 pooled or 671.00 Neyman/HC2. It then replaces the randomized \
            controls by a non-experimental group, CPS-1 (15,992 men) and PSID (429 men), and \
            estimates the effect on the same 185 treated men as an observational study would: \
            the naive difference in means; OLS on age, age², education, education², black, \
            hispanic, married, no degree, 1974 and 1975 earnings and their zero indicators (HC1); \
            propensity score matching on the logit of a score with the same terms (1:1, caliper \
            0.2 SD, pair-cluster SE); the same pairs' difference in differences (re78 − re75); and \
            1:1 matching with replacement (Abadie-Imbens SE). Each is stored with the experiment \
            and `compare` judges it against the randomized estimate. Running it again on the same \
            registry prints the stored comparison.
            """)

    @Option(
        help:
            "The folder with nsw.csv, cps_controls.csv, psid_controls.csv and nsw-design.yaml (default: Fixtures/nsw of the repository)."
    )
    var fixtures: String?
    @OptionGroup var output: ComparisonOutputOptions
    @OptionGroup var registry: RegistryOptions

    static let experimentID = "nsw", metric = "re78"
    static let comparisonGroups = [("cps", "CPS-1"), ("psid", "PSID")]

    func run() throws {
        let started = Date()
        let folder = try Self.fixtureFolder(fixtures)
        let design = try DesignFile(path: "\(folder)/nsw-design.yaml")
        let store = try registry.open()
        if let existing = try store.experiment(Self.experimentID) {
            guard existing.designSHA256 == design.sha256 else {
                throw ValidationError(
                    "the registry \(store.path) already holds a different experiment 'nsw'; pass another --registry")
            }
            warn("experiment nsw is already in \(store.path): showing the stored comparison")
        } else {
            try Self.record(folder: folder, design: design, store: store, started: started)
        }
        let report = try comparisonReport(
            store: store, experiment: Self.experimentID, metric: Self.metric, benchmark: nil)
        let heading =
            output.format == .table
            ? "NSW within-study comparison (LaLonde 1986; Dehejia & Wahba 1999), registry \(store.path)\n\n" : ""
        let text = heading + (try report.rendered(output.format))
        if let chart = output.chart { try write(report.forestPlot().svg(), to: chart, flag: "--chart") }
        print(text, terminator: "")
    }

    /// `--fixtures`, else Fixtures/nsw under the working directory or under a parent of the executable's folder.
    static func fixtureFolder(_ given: String?) throws -> String {
        let required = ["nsw.csv", "cps_controls.csv", "psid_controls.csv", "nsw-design.yaml"]
        func complete(_ dir: String) -> Bool {
            required.allSatisfy { FileManager.default.fileExists(atPath: "\(dir)/\($0)") }
        }
        if let given {
            guard complete(given) else {
                throw ValidationError("--fixtures: \(given) must hold \(required.joined(separator: ", "))")
            }
            return given
        }
        var candidates = ["Fixtures/nsw"]
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<5 {
            candidates.append(dir.appendingPathComponent("Fixtures/nsw").path)
            dir.deleteLastPathComponent()
        }
        guard let found = candidates.first(where: complete) else {
            throw ValidationError("cannot find Fixtures/nsw (run from the repository, or pass --fixtures DIR)")
        }
        return found
    }

    /// Records the experiment, its outcomes, the randomized estimates and the observational ones.
    static func record(folder: String, design: DesignFile, store: Registry, started: Date) throws {
        let experiment = try NSWSample(path: "\(folder)/nsw.csv")
        let units = zip(experiment.ids, experiment.treated).map {
            AssignedUnit(unitID: $0, stratum: "", covariatesJSON: nil, arm: $1 ? "treated" : "control")
        }
        let assignment = assignmentText(units.map { ($0.unitID, $0.arm) })
        let record = ExperimentRecord(
            id: experimentID, kind: "rct", title: design.design.title, designYAML: design.text,
            designSHA256: design.sha256, seed: nil,
            generator: "imported: NSW assignment (MDRC 1975-77)",
            unitsSHA256: try Fingerprint.sha256(file: "\(folder)/nsw.csv"),
            assignmentSHA256: Fingerprint.sha256(assignment), randomizationJSON: nil,
            toolVersion: G3DesignCommand.version, createdAt: started)
        let importRun = try runRecord(
            "example nsw", inputs: ["\(folder)/nsw.csv": try Fingerprint.sha256(file: "\(folder)/nsw.csv")],
            startedAt: started)
        let outcomes = zip(experiment.ids, experiment.re78).map {
            OutcomeValue(unitID: $0, metric: metric, period: "1978", value: $1)
        }
        // Everything is computed first and written in one transaction: a kill leaves no half-recorded experiment.
        let rows = zip(units, experiment.re78).map {
            AnalysisRow(unitID: $0.unitID, arm: $0.arm, stratum: "", value: $1, engaged: nil)
        }
        let arms = try armRecords(rows: rows, design: design.design, metric: metric, period: "1978", level: 0.95)
        var groups = [(run: try runRecord("example nsw", inputs: [:], startedAt: started), estimates: arms)]
        let treated = experiment.subset(experiment.treated)
        for (file, name) in comparisonGroups {
            let path = "\(folder)/\(file)_controls.csv"
            let sample = treated.appending(try NSWSample(path: path))
            let population = "NSW treated vs \(name) controls"
            let estimates = try sample.observationalEstimates(metric: metric).map { e in
                try estimateRecord(
                    e.estimate, population: population, notes: EstimateNotesDocument(diagnostics: e.notes),
                    experimentID: experimentID, sharedUnits: treated.ids.count)
            }
            groups.append(
                (
                    try runRecord(
                        "example nsw", inputs: [path: try Fingerprint.sha256(file: path)], startedAt: started),
                    estimates
                ))
        }
        try store.recordStudy(record, units: units, outcomes: outcomes, run: importRun, estimates: groups)
    }
}
