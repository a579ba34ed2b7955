import ArgumentParser
import Foundation
import G3Data
import G3Registry

/// What both imports take: the experiment, the file, its unit column, the registry.
struct ImportOptions: ParsableArguments {
    @Argument(help: "The experiment id.") var experiment: String
    @Option(help: "The CSV file.") var file: String
    @Option(help: "The unit id column (default: the design's unit id column, else unit_id).") var unitColumn: String?
    @OptionGroup var registry: RegistryOptions

    /// Reads the file, opens the registry, and finds the unit column: `--unit-column`, else the
    /// design's unit id column when the file has it, else `unit_id`.
    func open() throws -> (CSVTable, Registry, unitColumn: Int) {
        let table = try CSVReader.read(path: file).requiringRows()
        let (store, design) = try registry.storedDesign(experiment)
        let designColumn = design.unitIDColumn
        let name = unitColumn ?? (table.header.contains(designColumn) ? designColumn : "unit_id")
        return (table, store, try table.column(name, purpose: "the unit id"))
    }

    /// The run record of this import, with the file's SHA-256.
    func run(_ command: String, startedAt: Date) throws -> RunRecord {
        try runRecord(command, inputs: [file: try Fingerprint.sha256(file: file)], startedAt: startedAt)
    }
}
