import Foundation
import G3Data
import G3TestSupport

@testable import G3Observational

/// Fixtures/panel/simulated/panel.csv (the simulator's seed-schema panel: 600 accounts, 40 engaged)
/// as an AccountPanel, read the simple way: rows grouped by account in file order; "", NULL, n/a and
/// nan (which Double(_:) reads as NaN) are missing.
enum SimulatedPanel {
    /// The reference value `step`, `key` of Fixtures/reference/steps/steps.csv.
    static func reference(_ step: String, _ key: String) -> Double? {
        let steps = try? ReferenceTable("steps/steps.csv")
        return steps?.rows.first { $0["step"] == step && $0["key"] == key }?.number("value")
    }

    static func load() throws -> AccountPanel {
        let table = try CSVReader.read(
            path: ReferenceTable.repositoryRoot.appendingPathComponent("Fixtures/panel/simulated/panel.csv").path)
        let column = { (name: String) in table.header.firstIndex(of: name) ?? -1 }
        let unit = column(SeedSchema.unit)
        var accounts: [AccountPanel.Account] = []
        var start = 0
        for r in table.rows.indices where r + 1 == table.rows.count || table.rows[r + 1][unit] != table.rows[r][unit] {
            let first = table.rows[start]
            accounts.append(
                AccountPanel.Account(
                    id: first[unit], engagementMonth: Month.index(first[column(SeedSchema.engagement)]),
                    typeCode: -1, rows: start..<(r + 1)))
            start = r + 1
        }
        var numbers: [String: [Double?]] = [:]
        for name in SeedSchema.numeric {
            numbers[name] = table.rows.map { Double($0[column(name)]).flatMap { $0.isFinite ? $0 : nil } }
        }
        var labels: [String: [String?]] = [:]
        for name in SeedSchema.labels {
            labels[name] = table.rows.map { $0[column(name)].isEmpty ? nil : $0[column(name)] }
        }
        return AccountPanel(
            accounts: accounts,
            month: MonthColumn(table.rows.compactMap { Month.index($0[column(SeedSchema.month)]) }),
            numbers: numbers.mapValues { NumberColumn($0) }, labels: labels.mapValues { LabelColumn($0) })
    }
}
