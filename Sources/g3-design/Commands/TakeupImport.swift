import ArgumentParser
import Foundation
import G3Data
import G3Registry

/// `g3-design takeup import`.
struct Takeup: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import who took up the program (encouragement designs).", subcommands: [TakeupImport.self])
}

struct TakeupImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Upsert take-up (unit, engaged 0/1, date) from a CSV, all or nothing.",
        discussion:
            "Columns: the unit id, `engaged` (1/0, true/false, yes/no) and optionally `date` (or `engaged_on`), a day such as 2026-03-15, stored as YYYY-MM-DD. Unknown unit ids and unreadable dates stop the import."
    )

    @OptionGroup var input: ImportOptions

    func run() throws {
        let started = Date()
        if try input.sourceOptions.explained() { return }
        let source = try input.source
        let (table, store, unit) = try input.open(source)
        let file = source.label
        // A server's rows are named by their unit, not by a line of what it sent.
        let values = try source.naming([table.header[unit]]) { try Self.values(table, unit: unit, file: file) }
        let written = try store.importTakeup(
            input.experiment, values, run: try input.run("takeup import", source: source, startedAt: started))
        print(
            "imported take-up of \(written) units into '\(input.experiment)' (\(values.filter(\.engaged).count) engaged)"
        )
    }

    /// The rows' take-up, each unit once.
    private static func values(_ table: CSVTable, unit: Int, file: String) throws -> [TakeupValue] {
        let engaged = try table.column("engaged", purpose: "1 when the unit took up the program, else 0")
        let date = table.header.firstIndex(of: "date") ?? table.header.firstIndex(of: "engaged_on")
        let values = try table.rows.indices.map { row -> TakeupValue in
            let text = table.rows[row][engaged].trimmedSpaces.lowercased()
            let flag: Bool
            switch text {
            case "1", "true", "yes": flag = true
            case "0", "false", "no": flag = false
            default:
                throw DataError(
                    "\(file):\(table.lines[row]): column 'engaged': expected 1 or 0 (true/false), got '\(table.rows[row][engaged])'"
                )
            }
            let day = try date.map { table.rows[row][$0].trimmedSpaces }.flatMap { text -> String? in
                if CSVTable.isMissing(text) { return nil }
                guard let iso = Month.isoDay(text) else {
                    throw DataError(
                        "\(file):\(table.lines[row]): column '\(table.header[date ?? 0])': expected a date like 2026-03-15, got '\(text)'"
                    )
                }
                return iso
            }
            return TakeupValue(unitID: table.rows[row][unit].trimmedSpaces, engaged: flag, date: day)
        }
        _ = try table.uniqueIDs(column: unit)
        return values
    }
}
