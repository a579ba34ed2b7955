import ArgumentParser
import Foundation
import G3Observational
import G3Report
import G3Stats

/// The simulator's settings, shared by `simulate` and `diagnose`.
struct SimulationOptions: ParsableArguments {
    @Option(help: "Accounts (default: 53367 for simulate, 5000 for diagnose).") var customers: Int?
    @Option(help: "Engaged accounts.") var engaged = 235
    @Option(help: "Months (from 2025-01).") var months = 13
    @Option(help: "Relative lift of security revenue after engagement.") var securityLift = 0.10
    @Option(help: "Relative lift of total revenue after engagement.") var totalLift = 0.03
    @Option(help: "Months until the effect is full.") var ramp = 3
    @Option(help: "Strength of selection on size and security share (0 = engagement at random).") var selection = 1.0
    @Option(help: "Share of never-engaged accounts observed for part of the period.") var attrition = 0.05
    @Option(help: "Share of total and resiliency revenue cells written as \"\", NULL, nan or n/a.") var dirty = 0.002

    /// Flags whose values would overflow or poison the simulation are refused here (usage, exit 64).
    func validate() throws {
        for (flag, value, range) in [
            ("--security-lift", securityLift, -0.99...100.0), ("--total-lift", totalLift, -0.99...100.0),
            ("--selection", selection, 0.0...20.0), ("--attrition", attrition, 0.0...0.99),
            ("--dirty", dirty, 0.0...0.49)
        ] where !range.contains(value) {
            throw ValidationError(
                "\(flag) must be a number in [\(range.lowerBound), \(range.upperBound)], got \(value)")
        }
        for (flag, value, range) in [
            ("--customers", customers ?? 10, 10...50_000_000), ("--engaged", engaged, 2...25_000_000),
            ("--months", months, 6...600), ("--ramp", ramp, 1...600)
        ] where !range.contains(value) {
            throw ValidationError(
                "\(flag) must be a whole number in [\(range.lowerBound), \(range.upperBound)], got \(value)")
        }
    }

    /// The flags given with a value other than their default, for commands whose other mode ignores them.
    var changedFlags: [String] {
        let d = PanelSimulator.Settings()
        let changes: [(String, Bool)] = [
            ("--customers", customers != nil), ("--engaged", engaged != d.engaged), ("--months", months != d.months),
            ("--security-lift", securityLift != d.securityLift), ("--total-lift", totalLift != d.totalLift),
            ("--ramp", ramp != d.ramp), ("--selection", selection != d.selection),
            ("--attrition", attrition != d.attrition), ("--dirty", dirty != d.dirty)
        ]
        return changes.filter(\.1).map(\.0)
    }

    func settings(defaultCustomers: Int = 53_367) throws -> PanelSimulator.Settings {
        var s = PanelSimulator.Settings()
        s.customers = customers ?? defaultCustomers
        s.engaged = engaged
        s.months = months
        s.securityLift = securityLift
        s.totalLift = totalLift
        s.ramp = ramp
        s.selection = selection
        s.attrition = attrition
        s.dirty = dirty
        return s
    }
}
