import ArgumentParser
import Foundation
import G3Observational
import G3Report
import G3Stats

/// `g3-design simulate`: a customer-month panel with a known effect, and its truth.
struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a simulated customer-month panel (seed schema) with a known effect, and truth.json.",
        discussion: """
            Engaged accounts are larger and more security-minded (--selection), engage in staggered \
            months, and gain --security-lift and --total-lift (relative) after their engagement \
            month, reached over --ramp months. Segments trend apart (a time-varying confounder), a \
            share of accounts is observed for part of the year (--attrition), and a share of \
            revenue cells is dirty ("", NULL, nan, n/a: --dirty). truth.json holds the true ATT \
            over post-engagement months (from each engaged account's own untreated outcome), the \
            naive ratio, and the settings. The model is documented in docs/commands/simulate-diagnose.md.

            Example: g3-design simulate --customers 5000 --engaged 120 --seed 7 --out sim
            """)

    @OptionGroup(title: "Simulated panel") var simulation: SimulationOptions
    @Option(help: "Seed (MT19937).") var seed: UInt32 = 20_261_124
    @Option(help: "Folder for panel.csv and truth.json.") var out: String

    func run() throws {
        let settings = try self.simulation.settings()
        let simulation = try PanelSimulator(settings: settings, random: MersenneTwister(seed: seed))
        let truth = simulation.truth
        let document = SimulationTruthDocument(truth, settings: settings, seed: seed)
        try OutputFolder.write(
            [("panel.csv", PanelCSVWriter.data(simulation)), ("truth.json", Data(try jsonText(document).utf8))], to: out
        )
        print(
            "wrote \(out)/panel.csv (\(simulation.truth.rows) rows, \(settings.customers) accounts, \(settings.engaged) engaged) and \(out)/truth.json"
        )
        print(
            "true ATT: "
                + PanelSimulator.outcomes.map {
                    "\($0) \(number(simulation.truth.att[$0], "%.2f")) (\(number(simulation.truth.relative[$0].map { 100 * $0 }, "%+.1f%%")))"
                }.joined(separator: ", ")
                + "; naive ratio: "
                + PanelSimulator.outcomes.map {
                    "\($0) \(number(simulation.truth.naiveRatio[$0].map { 100 * $0 }, "%+.0f%%"))"
                }.joined(separator: ", "))
    }
}

/// `value` in `format`, or "–" when the simulator has no value for it.
private func number(_ value: Double?, _ format: String) -> String {
    value.map { String(format: format, $0) } ?? "–"
}
