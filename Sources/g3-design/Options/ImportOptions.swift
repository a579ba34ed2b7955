import ArgumentParser
import Foundation
import G3Data
import G3Registry

/// What both imports take: the experiment, the file, its unit column, the registry.
struct ImportOptions: ParsableArguments {
    @Argument(help: "The experiment id.") var experiment: String
    @Option(help: "The CSV file (or --source with --table or --query).") var file: String?
    @OptionGroup(title: "PostgreSQL source") var sourceOptions: SourceOptions
    @Option(help: "The unit id column (default: the design's unit id column, else unit_id).") var unitColumn: String?
    @OptionGroup var registry: RegistryOptions

    func validate() throws { try sourceOptions.validate(file: file, flag: "--file") }

    /// The rows' source: the file, or the PostgreSQL table or query.
    var source: TableSource {
        get throws { try TableSource(file: file, options: sourceOptions) }
    }

    /// Reads the rows, opens the registry, and finds the unit column: `--unit-column`, else the
    /// design's unit id column when the rows have it, else `unit_id`.
    func open(_ source: TableSource) throws -> (CSVTable, Registry, unitColumn: Int) {
        let table = try source.table().requiringRows()
        let (store, design) = try registry.storedDesign(experiment)
        let designColumn = design.unitIDColumn
        let name = unitColumn ?? (table.header.contains(designColumn) ? designColumn : "unit_id")
        return (table, store, try table.column(name, purpose: "the unit id"))
    }

    /// The run record of this import, with the SHA-256 of the file or of the rows the source sent.
    func run(_ command: String, source: TableSource, startedAt: Date) throws -> RunRecord {
        try runRecord(command, inputs: [source.label: try source.sha256()], startedAt: startedAt)
    }
}
