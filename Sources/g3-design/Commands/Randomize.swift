import ArgumentParser
import Foundation
import G3Data
import G3Design
import G3Registry
import G3Report
import G3Stats

/// `g3-design randomize DESIGN --units UNITS.csv`: stratified assignment recorded in the registry.
struct Randomize: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Assign units to arms within strata, reproducibly, and record the assignment.",
        discussion: """
            Complete randomization within each stratum: a stratum of N_b units gets ⌊N_b·share⌋ or \
            ⌈N_b·share⌉ units of each arm, chosen so that every unit's probability of each arm is \
            exactly its share and each arm's total stays within one of N·share. Units are sorted by \
            id before drawing (row order never matters); the generator is GSL's MT19937 seeded \
            from the design's `seed`. With `rerandomize`, draws are repeated until the Mahalanobis \
            distance is below the chi-square quantile (Morgan & Rubin 2012).

            The experiment, its units and assignments and the run (seed, generator, tool version, \
            SHA-256 of the design, the unit list and the assignment) are written in one \
            transaction. Running again with the same design and units does nothing and says so; \
            a changed design or unit list is refused: give a new experiment a new id.
            """)

    @Argument(
        help: "The design file (YAML, kind rct or encouragement).", completion: .file(extensions: ["yaml", "yml"]))
    var design: String

    @Option(
        help:
            "Units CSV: one row per unit with the design's id, strata, covariate and eligibility columns (or --source with --table or --query)."
    )
    var units: String?
    @OptionGroup(title: "PostgreSQL source") var sourceOptions: SourceOptions

    @Flag(help: "Assign and print, but write nothing to the registry.")
    var dryRun = false

    @Option(help: "Also write the assignment as CSV (unit_id, stratum, arm) to FILE.")
    var out: String?

    @Option(help: OutputFormat.help)
    var format: OutputFormat = .table

    @OptionGroup var registry: RegistryOptions

    func validate() throws { try sourceOptions.validate(file: units, flag: "--units") }

    func run() throws {
        if try sourceOptions.explained() { return }
        let started = Date()
        let file = try DesignFile(path: design)
        let design = file.design
        let source = try TableSource(file: units, options: sourceOptions)
        let list = try source.naming([design.unitIDColumn]) { try UnitList(source: source, design: design) }
        var record = ExperimentRecord(
            id: design.id, kind: design.kind.rawValue, title: design.title, designYAML: file.text,
            designSHA256: file.sha256,
            seed: Int64(design.seed), generator: MersenneTwister.name, unitsSHA256: list.sha256, assignmentSHA256: nil,
            randomizationJSON: nil, toolVersion: G3DesignCommand.version, createdAt: started)
        // An existing registry is checked now; a new one is created only when the assignment is stored.
        let existing = dryRun || !FileManager.default.fileExists(atPath: registry.path) ? nil : try registry.open()
        if let store = existing, let prior = try store.priorRandomization(of: record) {
            try RegistryOptions.verifyAssignment(prior, in: store)
            if let out {
                // The stored assignment, byte for byte the file the first run wrote.
                try write(
                    Self.assignmentCSV(try store.assignments(prior.id).map { ($0.unitID, $0.stratum, $0.arm) }),
                    to: out, flag: "--out")
            }
            print(
                "experiment '\(prior.id)' is already randomized from this design and unit list (assignment SHA-256 \(prior.assignmentSHA256 ?? "?"), recorded \(prior.createdAt)); nothing to do\(out.map { "; the stored assignment is written to \($0)" } ?? ""). `g3-design registry export \(prior.id) --table assignment` prints it."
            )
            return
        }
        let columns = design.rerandomization?.covariates.compactMap { design.covariates.firstIndex(of: $0) }
        let randomizer = try StratifiedRandomizer(
            arms: design.arms, rerandomization: design.rerandomization?.rule,
            rerandomizationColumns: columns)
        let result = try randomizer.randomize(list.units, random: MersenneTwister(seed: design.seed))
        record.assignmentSHA256 = Fingerprint.sha256(
            assignmentText(sorted: result.units, arms: result.arms, names: design.arms.map(\.name)))
        let summary = try RandomizationSummary(design: design, result: result, excluded: list.excluded, record: record)
        record.randomizationJSON = try jsonText(summary.recordDocument, compact: true)
        for warning in summary.powerWarnings { warn(warning) }

        // The registry's rows, built only when something is written (a dry run without --out writes nothing).
        let written = dryRun && out == nil ? 0 : result.units.count
        let assigned = try zip(result.units.prefix(written), result.arms).map { unit, arm in
            AssignedUnit(
                unitID: unit.id, stratum: unit.stratum,
                covariatesJSON: unit.covariates.isEmpty
                    ? nil
                    : try jsonText(
                        Dictionary(zip(design.covariates, unit.covariates)) { first, _ in first }, compact: true),
                arm: design.arms[arm].name)
        }
        let destination = dryRun ? "dry run: nothing written" : "written to \(registry.path)"
        let text: String
        switch format {
        case .table: text = summary.table(destination: destination)
        case .json: text = try jsonText(summary.document(written: !dryRun))
        case .csv: text = try csvText(summary.strataRows)
        }
        let commit = {
            guard !dryRun else { return }
            let store = try existing ?? registry.open()
            let run = try runRecord(
                "randomize", inputs: [self.design: file.sha256, list.source: list.fileSHA256], startedAt: started)
            _ = try store.recordRandomization(record, units: assigned, run: run, mustBeNew: true)
        }
        if let out {
            try write(
                Self.assignmentCSV(assigned.map { ($0.unitID, $0.stratum, $0.arm) }), to: out, flag: "--out",
                after: commit)
        } else {
            try commit()
        }
        print(text, terminator: "")
    }
}

extension Randomize {
    /// The `--out` file: unit_id, stratum, arm, units in byte order of their ids.
    static func assignmentCSV(_ rows: [(unit: String, stratum: String, arm: String)]) -> String {
        "unit_id,stratum,arm\n"
            + rows.sorted { $0.unit.precedesInByteOrder($1.unit) }.map {
                CSV.line([$0.unit, $0.stratum, $0.arm]) + "\n"
            }.joined()
    }
}
