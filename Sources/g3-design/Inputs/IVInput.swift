import ArgumentParser
import Foundation
import G3Data
import G3Observational
import G3Registry
import G3Report
import G3Stats

/// The columns of an IV estimation, from a CSV or a registry experiment.
struct IVInput {
    var outcome: NamedColumn
    var endogenous: [NamedColumn], instruments: [NamedColumn], controls: [NamedColumn]
    var clusters: [Int]?
    var notes: [String] = []
    /// For a registry experiment: the population label its estimate is stored under.
    var population: String?

    init(
        path: String, outcome: String, endogenous: [String], instruments: [String], controls: [String],
        cluster: String?, dropMissing: Bool
    ) throws {
        let table = try CSVReader.read(path: path).requiringRows()
        let names = [outcome] + endogenous + instruments + controls
        let columns = try names.map { try table.column($0, purpose: "a model column") }
        let clusterColumn = try cluster.map { try table.column($0, purpose: "--cluster") }
        var rows = Array(table.rows.indices)
        if dropMissing {
            rows = rows.filter { r in
                !(columns + [clusterColumn].compactMap { $0 }).contains { CSVTable.isMissing(table.rows[r][$0]) }
            }
            if rows.count < table.rows.count {
                notes.append("dropped \(table.rows.count - rows.count) rows with a missing value in a used column")
            }
        }
        let values = try columns.map { c in
            try rows.map { r -> Double in
                guard let v = try table.number(row: r, column: c) else {
                    throw DataError(
                        "\(path):\(table.lines[r]): column '\(table.header[c])': missing value; fill it, or pass --drop-missing"
                    )
                }
                return v
            }
        }
        var named = zip(names, values).map { NamedColumn($0, $1) }
        self.outcome = named.removeFirst()
        self.endogenous = Array(named.prefix(endogenous.count))
        named.removeFirst(endogenous.count)
        self.instruments = Array(named.prefix(instruments.count))
        named.removeFirst(instruments.count)
        self.controls = named
        if let clusterColumn {
            var ids: [String: Int] = [:]
            clusters = try rows.map { r in
                let key = table.rows[r][clusterColumn].trimmedSpaces
                guard !CSVTable.isMissing(key) else {
                    throw DataError(
                        "\(path):\(table.lines[r]): column '\(table.header[clusterColumn])': the cluster is missing; fill it, or pass --drop-missing"
                    )
                }
                if let id = ids[key] { return id }
                let id = ids.count
                ids[key] = id
                return id
            }
        }
    }

    /// The offer (any arm but the first) instruments the recorded take-up of the experiment's units.
    init(experiment: String, metric: String, period: String?, registry: RegistryOptions) throws {
        let (store, design) = try registry.storedDesign(experiment)
        let (rows, chosen) = try store.analysisRows(experiment, metric: metric, period: period)
        let missing = rows.filter { $0.engaged == nil }
        guard missing.isEmpty else {
            throw DataError(
                "\(missing.count) of \(rows.count) units with a '\(metric)' outcome have no recorded take-up (first: \(missing[0].unitID)); import it with `g3-design takeup import`"
            )
        }
        outcome = NamedColumn(metric, rows.map(\.value))
        endogenous = [NamedColumn("takeup", rows.map { $0.engaged! ? 1 : 0 })]
        instruments = [NamedColumn("offer", rows.map { $0.arm == design.arms[0].name ? 0 : 1 })]
        controls = []
        notes =
            design.arms.count > 2
            ? ["\(design.arms.count) arms: every arm but '\(design.arms[0].name)' counts as offered"] : []
        notes.append("experiment \(experiment), metric \(metric), period \(chosen): \(rows.count) units")
        population = "experiment \(experiment): offer instruments take-up, period \(chosen)"
    }
}
